import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller, UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { recordAwsRevocations, type RevokedRole } from "@/lib/lifecycle/aws-revocations";
import { actorName, countsOf, endEverything, type EndAccessSummary } from "@/lib/lifecycle/end-access";
import { scheduleAwsRevocation } from "@/lib/lifecycle/revocation-schedule";

// Revoking sessions without ending the person's access: an admin's "Revoke AWS sessions"
// (a suspicious session, a role's policy changed) and everyone's own "Revoke all my
// sessions" (a lost laptop). The person may sign in and get new credentials at once.

/** Admin: every live AWS session of the person is denied; Keyless sessions are left alone. */
export async function revokeAwsSessionsOf(actor: Caller, userId: string, reason: string): Promise<RevokedRole[]> {
  await requirePermission(actor, "people.manage");
  const at = new Date();
  const roles = await withAudit(actor, "aws.sessions.revoke", { type: "user", id: userId }, async (tx) => {
    const person = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!person) throw new NotFoundError("The person");
    const revoked = await recordAwsRevocations(tx, { userId, at, reason, requestedBy: actorName(actor) });
    return { value: revoked, details: { email: person.email, reason, roles: revoked.map((r) => r.roleArn) } };
  });
  // Even with no session recorded: one in flight is recorded a moment later (revocation-schedule.ts).
  await scheduleAwsRevocation({ userId, at, reason, requestedBy: actorName(actor) });
  return roles;
}

/** The person's own: every browser session (this one too), every CLI session, every AWS session. */
export async function revokeMySessions(caller: UserCaller): Promise<EndAccessSummary> {
  await requirePermission(caller, "sessions.revoke.own");
  const at = new Date();
  const reason = "revoked by its owner (Revoke all my sessions)";
  const summary = await withAudit(caller, "sessions.revoke_own", { type: "user", id: caller.userId }, async (tx) => {
    const result = await endEverything(tx, { id: caller.userId, email: caller.email }, at, reason, caller.email, {
      requestsAndGrants: false,
    });
    return { value: result, details: countsOf(result) };
  });
  await scheduleAwsRevocation({ userId: caller.userId, at, reason, requestedBy: caller.email });
  return summary;
}
