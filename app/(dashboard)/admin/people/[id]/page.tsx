import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, Cloud, Monitor, Plug, ShieldOff, Terminal, UserX } from "lucide-react";
import { NeedsNewOwnerBadge } from "@/components/integrations/owner-badge";
import { PersonActionDialog, PersonActionOutcome, PersonActionsProvider } from "@/components/people/action-dialog";
import { AccessBadge, RoleBadges } from "@/components/people/access-badge";
import { CliSessionTable } from "@/components/people/cli-session-table";
import { RevocationTable } from "@/components/people/revocation-table";
import { AwsSessionTable } from "@/components/sessions/aws-session-table";
import { BrowserSessionList } from "@/components/sessions/browser-session-list";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePagePermission } from "@/lib/auth/current";
import { can } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { getPerson } from "@/lib/people/person";
import { AWS_SESSION_WINDOW_HOURS, personParamsSchema, type PersonDetail } from "@/lib/people/schemas";
import { accessState, adminMayReactivate } from "@/lib/people/status";
import { reactivatePersonAction, revokeAwsSessionsAction, suspendPersonAction } from "./actions";

export const metadata: Metadata = { title: "Person" };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[10rem_1fr]">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

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

function EndedAlert({ p }: { p: PersonDetail }) {
  const state = accessState(p.status, p.suspendedBy);
  if (state === "active") return null;
  const who = {
    "suspended-admin": "Suspended by an administrator",
    "deactivated-scim": "Deactivated by your identity provider (SCIM): reactivate them there",
    "refused-idp": "Their identity provider refused to renew their sign-in: a successful sign-in or SCIM lifts it",
    deprovisioned: "Deprovisioned by your identity provider",
  }[state];
  return (
    <Alert tone="warning" title={who} className="mb-6">
      {p.suspendedAt ? (
        <>
          Access ended <RelativeTime date={p.suspendedAt} />.{" "}
        </>
      ) : null}
      {p.suspendedReason ? <>Reason: {p.suspendedReason}</> : null}
    </Alert>
  );
}

function Actions({ p, self }: { p: PersonDetail; self: boolean }) {
  const state = accessState(p.status, p.suspendedBy);
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request
  const now = Date.now();
  const liveAws = p.awsSessions.filter((s) => !s.revokedAt && new Date(s.expiresAt).getTime() > now).length;
  const liveCli = p.sessions.cli.filter((s) => s.status === "active").length;
  const browsers = p.sessions.browser.length;
  const who = p.name ?? p.email;
  return (
    <>
      {adminMayReactivate(p.status, p.suspendedBy) ? (
        <PersonActionDialog
          personId={p.id}
          action={reactivatePersonAction}
          trigger="Reactivate"
          title={`Reactivate ${who}?`}
          submit="Reactivate"
          reason="none"
          variant="secondary"
        >
          <p>They can sign in again. Nothing that was ended comes back: sessions, requests and grants start afresh.</p>
        </PersonActionDialog>
      ) : null}
      <PersonActionDialog
        personId={p.id}
        action={revokeAwsSessionsAction}
        trigger={
          <>
            <ShieldOff className="size-4" aria-hidden /> Revoke AWS sessions
          </>
        }
        title={`Revoke ${who}'s AWS sessions?`}
        submit="Revoke AWS sessions"
        reason="optional"
        variant="secondary"
      >
        <p>
          Every AWS session Keyless issued them that may still be alive ({liveAws ? `${liveAws} live now` : "none live now"}) is denied by
          AWS within a minute, on every role, including copies of the credentials someone else holds.
        </p>
        <p>Their Keyless sessions stay: they can get new credentials at once.</p>
      </PersonActionDialog>
      {state !== "suspended-admin" && state !== "deprovisioned" && !self ? (
        <PersonActionDialog
          personId={p.id}
          action={suspendPersonAction}
          trigger={
            <>
              <UserX className="size-4" aria-hidden /> Suspend
            </>
          }
          title={`Suspend ${who}?`}
          submit="Suspend"
          reason="required"
        >
          <p>At once, everywhere:</p>
          <ul className="list-disc space-y-1 pl-5">
            <li>
              their {browsers} browser {browsers === 1 ? "session ends" : "sessions end"} and {liveCli} CLI{" "}
              {liveCli === 1 ? "session is" : "sessions are"} revoked (sign-ins waiting in a terminal are denied);
            </li>
            <li>their pending access requests are cancelled and their grants revoked;</li>
            <li>their live AWS sessions ({liveAws} now) are revoked: AWS denies them within a minute;</li>
            <li>
              {p.integrations.length} {p.integrations.length === 1 ? "integration" : "integrations"} they own{" "}
              {p.integrations.length === 1 ? "is" : "are"} flagged “Needs a new owner”.
            </li>
          </ul>
          <p>They cannot sign in again until an administrator reactivates them.</p>
        </PersonActionDialog>
      ) : null}
    </>
  );
}

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
        actions={manage ? <Actions p={p} self={self} /> : null}
      />
      <PersonActionOutcome />
      <EndedAlert p={p} />
      <div className="space-y-8">
        <Card className="p-5">
          <dl className="divide-y divide-slate-100">
            <Row label="Roles">
              <RoleBadges roles={p.roles} />
            </Row>
            <Row label="Groups">
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
            </Row>
            <Row label="Groups confirmed">
              {p.groupsCheckedAt ? <RelativeTime date={p.groupsCheckedAt} /> : "never"}{" "}
              <span className="text-xs text-slate-500">(by the identity provider, at sign-in, refresh or SCIM)</span>
            </Row>
            <Row label="Source">
              {p.source === "scim" ? "Provisioned by SCIM" : "First seen at SSO sign-in"}
              {p.externalId ? <span className="ml-2 font-mono text-xs text-slate-500">externalId {p.externalId}</span> : null}
            </Row>
            <Row label="Last sign-in">{p.lastSignInAt ? <RelativeTime date={p.lastSignInAt} /> : "never"}</Row>
            <Row label="Known since">
              <RelativeTime date={p.createdAt} />
            </Row>
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
