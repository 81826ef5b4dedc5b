import { ShieldOff, UserX } from "lucide-react";
import { PersonActionDialog } from "@/components/people/action-dialog";
import { Alert } from "@/components/ui/alert";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ActionResult } from "@/lib/actions/result";
import type { PersonDetail } from "@/lib/people/schemas";
import { accessState, adminMayReactivate } from "@/lib/people/status";

// The person page's access state and an admin's actions on it. Each dialog says what the
// action will do, with this person's numbers; the lifecycle module does it.

type Act = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
export type PersonActs = { suspend: Act; reactivate: Act; revokeAws: Act };

export function EndedAlert({ p }: { p: PersonDetail }) {
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

export function PersonActions({ p, self, acts }: { p: PersonDetail; self: boolean; acts: PersonActs }) {
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
          action={acts.reactivate}
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
        action={acts.revokeAws}
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
          action={acts.suspend}
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
