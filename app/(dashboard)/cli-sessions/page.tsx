import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { Cloud, Monitor, Terminal } from "lucide-react";
import { CliSessionList } from "@/components/cli/cli-session-list";
import { AwsSessionTable } from "@/components/sessions/aws-session-table";
import { BrowserSessionList } from "@/components/sessions/browser-session-list";
import { RevokeAllDialog } from "@/components/sessions/revoke-all-dialog";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { sessionCookieName } from "@/lib/auth/cookies";
import { requirePagePermission } from "@/lib/auth/current";
import { env } from "@/lib/env";
import { getMySessions } from "@/lib/people/my-sessions";
import { AWS_SESSION_WINDOW_HOURS } from "@/lib/people/schemas";
import { revokeAllMySessionsAction, revokeCliSessionAction } from "./actions";

// Everyone's own sessions. The address stays /cli-sessions: the CLI and the docs link here.

export const metadata: Metadata = { title: "Sessions" };

function Section({ icon, title, hint, children }: { icon: React.ReactNode; title: string; hint: string; children: React.ReactNode }) {
  return (
    <section className="space-y-3">
      <div>
        <h2 className="flex items-center gap-2 text-sm font-semibold text-slate-900">
          {icon} {title}
        </h2>
        <p className="mt-0.5 text-xs text-slate-500">{hint}</p>
      </div>
      {children}
    </section>
  );
}

export default async function SessionsPage() {
  const caller = await requirePagePermission("sessions.revoke.own");
  const token = (await cookies()).get(sessionCookieName())?.value ?? null;
  const mine = await getMySessions(caller, token);
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request
  const now = Date.now();
  const liveCli = mine.cli.filter((s) => s.status === "active").length;
  const liveAws = mine.awsSessions.filter((s) => !s.revokedAt && new Date(s.expiresAt).getTime() > now).length;
  return (
    <>
      <PageHeader
        title="Sessions"
        description="Where you are signed in to Keyless, and the AWS sessions it issued you. Lost a laptop? Revoke everything: you sign in again, whoever has the laptop does not."
        actions={
          <RevokeAllDialog action={revokeAllMySessionsAction} counts={{ browser: mine.browser.length, cli: liveCli, aws: liveAws }} />
        }
      />
      <div className="space-y-8">
        <Section
          icon={<Monitor className="size-4 text-slate-500" aria-hidden />}
          title="Browsers"
          hint={`A browser session ends ${env().KEYLESS_SESSION_MAX_AGE_HOURS} hours after sign-in, however much it is used.`}
        >
          <BrowserSessionList sessions={mine.browser} />
        </Section>
        <Section
          icon={<Terminal className="size-4 text-slate-500" aria-hidden />}
          title="Command line"
          hint={`Terminals signed in with keyless login. Revoke one you no longer use or do not recognise: its tokens stop working at once. Sessions end by themselves ${env().KEYLESS_CLI_SESSION_DAYS} days after sign-in.`}
        >
          {mine.cli.length === 0 ? (
            <EmptyState title="No CLI sessions" icon={<Terminal className="size-8" />}>
              Sign in from a terminal with <code className="font-mono text-xs">keyless login --server {env().AUTH_URL}</code>.{" "}
              <Link href="/migrate" className="text-brand-700 underline">
                How to set up the CLI
              </Link>
            </EmptyState>
          ) : (
            <CliSessionList sessions={mine.cli} revoke={revokeCliSessionAction} />
          )}
        </Section>
        <Section
          icon={<Cloud className="size-4 text-slate-500" aria-hidden />}
          title={`AWS sessions, last ${AWS_SESSION_WINDOW_HOURS} hours`}
          hint="Credentials and console links Keyless issued you. A revoked one is denied by AWS, even in a copy someone else holds."
        >
          {mine.awsSessions.length === 0 ? (
            <EmptyState title="No AWS sessions lately" icon={<Cloud className="size-8" />}>
              Credentials you get on the Credentials page or with the CLI show up here.
            </EmptyState>
          ) : (
            <AwsSessionTable sessions={mine.awsSessions} testId="my-aws-sessions" />
          )}
        </Section>
      </div>
    </>
  );
}
