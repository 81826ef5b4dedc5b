import type { Metadata } from "next";
import Link from "next/link";
import { Terminal } from "lucide-react";
import { CliSessionList } from "@/components/cli/cli-session-list";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current";
import { listCliSessions } from "@/lib/cli-auth/sessions";
import { env } from "@/lib/env";
import { revokeCliSessionAction } from "./actions";

export const metadata: Metadata = { title: "CLI sessions" };

export default async function CliSessionsPage() {
  const caller = await requirePagePermission("cli.sessions.own");
  const sessions = await listCliSessions(caller);
  return (
    <>
      <PageHeader
        title="CLI sessions"
        description={`Terminals signed in with keyless login. Revoke one you no longer use or do not recognise: its tokens stop working at once. Sessions end by themselves ${env().KEYLESS_CLI_SESSION_DAYS} days after sign-in.`}
      />
      {sessions.length === 0 ? (
        <EmptyState title="No CLI sessions" icon={<Terminal className="size-8" />}>
          Sign in from a terminal with <code className="font-mono text-xs">keyless login --server {env().AUTH_URL}</code>.{" "}
          <Link href="/migrate" className="text-brand-700 underline">
            How to set up the CLI
          </Link>
        </EmptyState>
      ) : (
        <CliSessionList sessions={sessions} revoke={revokeCliSessionAction} />
      )}
    </>
  );
}
