import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, Cloud, Monitor, Plug, ShieldOff, Terminal } from "lucide-react";
import { NeedsNewOwnerBadge } from "@/components/integrations/owner-badge";
import { PersonActionOutcome, PersonActionsProvider } from "@/components/people/action-dialog";
import { EndedAlert, PersonActions } from "@/components/people/person-actions";
import { AccessBadge, RoleBadges } from "@/components/people/access-badge";
import { CliSessionTable } from "@/components/people/cli-session-table";
import { RevocationTable } from "@/components/people/revocation-table";
import { AwsSessionTable } from "@/components/sessions/aws-session-table";
import { BrowserSessionList } from "@/components/sessions/browser-session-list";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { DetailRow } from "@/components/ui/detail-row";
import { requirePagePermission } from "@/lib/auth/current";
import { can } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { getPerson } from "@/lib/people/person";
import { AWS_SESSION_WINDOW_HOURS, personParamsSchema } from "@/lib/people/schemas";
import { reactivatePersonAction, revokeAwsSessionsAction, suspendPersonAction } from "./actions";

export const metadata: Metadata = { title: "Person" };

function Section({ icon, title, children }: { icon: React.ReactNode; title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-3">
      <h2 className="flex items-center gap-2 text-sm font-semibold text-slate-900">
        {icon} {title}
      </h2>
      {children}
    </section>
  );
}

const None = ({ children }: { children: React.ReactNode }) => (
  <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-3 text-sm text-slate-500">{children}</p>
);

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const caller = await requirePagePermission("people.read");
  const parsed = personParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const p = await getPerson(caller, parsed.data.id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const manage = can(caller, "people.manage");
  const self = caller.userId === p.id;
  return (
    <PersonActionsProvider>
      <Link href="/admin/people" className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
        <ArrowLeft className="size-4" aria-hidden /> People
      </Link>
      <PageHeader
        title={p.name ?? p.email}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            {p.email} <AccessBadge status={p.status} suspendedBy={p.suspendedBy} />
            {self ? <Badge tone="blue">you</Badge> : null}
          </span>
        }
        actions={
          manage ? (
            <PersonActions
              p={p}
              self={self}
              acts={{ suspend: suspendPersonAction, reactivate: reactivatePersonAction, revokeAws: revokeAwsSessionsAction }}
            />
          ) : null
        }
      />
      <PersonActionOutcome />
      <EndedAlert p={p} />
      <div className="space-y-8">
        <Card className="p-5">
          <dl className="divide-y divide-slate-100">
            <DetailRow label="Roles">
              <RoleBadges roles={p.roles} />
            </DetailRow>
            <DetailRow label="Groups">
              {p.groups.length ? (
                <span className="inline-flex flex-wrap gap-1">
                  {p.groups.map((g) => (
                    <Badge key={g} tone="slate" className="font-mono">
                      {g}
                    </Badge>
                  ))}
                </span>
              ) : (
                <span className="text-slate-500">none</span>
              )}
            </DetailRow>
            <DetailRow label="Groups confirmed">
              {p.groupsCheckedAt ? <RelativeTime date={p.groupsCheckedAt} /> : "never"}{" "}
              <span className="text-xs text-slate-500">(by the identity provider, at sign-in, refresh or SCIM)</span>
            </DetailRow>
            <DetailRow label="Source">
              {p.source === "scim" ? "Provisioned by SCIM" : "First seen at SSO sign-in"}
              {p.externalId ? <span className="ml-2 font-mono text-xs text-slate-500">externalId {p.externalId}</span> : null}
            </DetailRow>
            <DetailRow label="Last sign-in">{p.lastSignInAt ? <RelativeTime date={p.lastSignInAt} /> : "never"}</DetailRow>
            <DetailRow label="Known since">
              <RelativeTime date={p.createdAt} />
            </DetailRow>
          </dl>
        </Card>
        <Section icon={<Monitor className="size-4 text-slate-500" aria-hidden />} title="Browser sessions">
          {p.sessions.browser.length ? <BrowserSessionList sessions={p.sessions.browser} /> : <None>Not signed in anywhere.</None>}
        </Section>
        <Section icon={<Terminal className="size-4 text-slate-500" aria-hidden />} title="CLI sessions">
          {p.sessions.cli.length ? <CliSessionTable sessions={p.sessions.cli} /> : <None>No CLI session this week.</None>}
        </Section>
        <Section
          icon={<Cloud className="size-4 text-slate-500" aria-hidden />}
          title={`AWS sessions, last ${AWS_SESSION_WINDOW_HOURS} hours`}
        >
          {p.awsSessions.length ? (
            <AwsSessionTable sessions={p.awsSessions} testId="person-aws-sessions" />
          ) : (
            <None>Keyless issued them no AWS session in the last {AWS_SESSION_WINDOW_HOURS} hours.</None>
          )}
        </Section>
        <Section icon={<ShieldOff className="size-4 text-slate-500" aria-hidden />} title="Revocations at AWS">
          {p.revocations.length ? <RevocationTable revocations={p.revocations} /> : <None>None of their AWS sessions were revoked.</None>}
        </Section>
        <Section icon={<Plug className="size-4 text-slate-500" aria-hidden />} title="Integrations they own">
          {p.integrations.length ? (
            <ul
              className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm"
              data-testid="person-integrations"
            >
              {p.integrations.map((i) => (
                <li key={i.id} className="flex flex-wrap items-center gap-3 px-4 py-2.5 text-sm">
                  <Link href={`/integrations/${i.id}`} className="text-brand-700 font-medium hover:underline">
                    {i.name}
                  </Link>
                  {i.ownerNeedsReplacementAt ? <NeedsNewOwnerBadge since={i.ownerNeedsReplacementAt} /> : null}
                </li>
              ))}
            </ul>
          ) : (
            <None>No integration names them as its owner.</None>
          )}
        </Section>
      </div>
    </PersonActionsProvider>
  );
}
