import "server-only";
import type { AuditAction } from "@/lib/audit/actions";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import type { Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { recordAwsRevocations, type RevokedRole } from "@/lib/lifecycle/aws-revocations";
import { scheduleAwsRevocation } from "@/lib/lifecycle/revocation-schedule";

// Ending a person's access, everywhere at once. Triggered by SCIM (active:false or DELETE),
// an admin's Suspend, or the IdP refusing to refresh their sign-in. In one audited
// transaction: the person is marked suspended (every session lookup, CLI token and Slack
// click checks that), browser sessions are deleted, CLI sessions revoked (their refresh
// tokens die with them), sign-ins waiting in a terminal denied, pending requests cancelled,
// grants revoked, integrations they own flagged for a new owner, and each role they hold a
// live AWS session on gets a revocation row. The AWS policy write follows in the worker.

export type EndedBy = "admin" | "scim" | "idp";

/** Who may lift a suspension: a stronger reason is never undone by a weaker source. */
const STRENGTH: Record<EndedBy, number> = { idp: 1, scim: 2, admin: 3 };

export type EndAccessInput = { by: EndedBy; reason: string; deprovision?: boolean };

export type EndAccessSummary = {
  browserSessions: number;
  cliSessions: number;
  deviceSignIns: number;
  requestsCancelled: number;
  grantsRevoked: number;
  integrationsFlagged: number;
  awsRoles: RevokedRole[];
};

const ACTIONS: Record<EndedBy, AuditAction> = { admin: "person.suspend", scim: "person.deactivate", idp: "person.idp_refused" };

export async function endAccess(actor: Caller, userId: string, input: EndAccessInput): Promise<EndAccessSummary> {
  await requirePermission(actor, actor.kind === "user" ? "people.manage" : "people.provision");
  const at = new Date();
  const action = input.deprovision ? "person.deprovision" : ACTIONS[input.by];
  const summary = await withAudit(actor, action, { type: "user", id: userId }, async (tx) => {
    const person = await lockPerson(tx, userId);
    const keepStronger = person.suspendedBy && person.status !== "active" && STRENGTH[person.suspendedBy] > STRENGTH[input.by];
    await tx.user.update({
      where: { id: userId },
      data: {
        status: input.deprovision ? "deprovisioned" : person.status === "deprovisioned" ? "deprovisioned" : "suspended",
        ...(keepStronger ? {} : { suspendedBy: input.by, suspendedReason: input.reason.slice(0, 500) }),
        suspendedAt: person.status === "active" ? at : undefined,
        groupsCheckDueAt: null,
      },
      select: { id: true },
    });
    const result = await endEverything(tx, { id: userId, email: person.email }, at, input.reason, actorName(actor));
    return { value: result, details: { email: person.email, by: input.by, reason: input.reason, ...countsOf(result) } };
  });
  // Even with no session recorded: one in flight is recorded a moment later (revocation-schedule.ts).
  await scheduleAwsRevocation({ userId, at, reason: input.reason, requestedBy: actorName(actor) });
  return summary;
}

/**
 * Everything a person holds, ended as of `at`, inside the caller's transaction. Also used
 * by "Revoke all my sessions" (the person stays active: only sessions end).
 */
export async function endEverything(
  tx: Tx,
  person: { id: string; email: string },
  at: Date,
  reason: string,
  requestedBy: string,
  scope: { requestsAndGrants: boolean } = { requestsAndGrants: true },
): Promise<EndAccessSummary> {
  const browser = await tx.session.deleteMany({ where: { userId: person.id } });
  const cli = await tx.cliSession.updateMany({
    where: { userId: person.id, revokedAt: null },
    data: { revokedAt: at, revokedReason: reason.slice(0, 200) },
  });
  const devices = await tx.deviceAuthorization.updateMany({
    where: { userId: person.id, status: { in: ["pending", "approved"] } },
    data: { status: "denied" },
  });
  let requestsCancelled = 0;
  let grantsRevoked = 0;
  let integrationsFlagged = 0;
  if (scope.requestsAndGrants) {
    requestsCancelled = (
      await tx.accessRequest.updateMany({
        where: { requesterId: person.id, status: "PENDING" },
        data: { status: "CANCELLED", decisionComment: `Cancelled by Keyless: ${reason}`.slice(0, 1000) },
      })
    ).count;
    grantsRevoked = (
      await tx.grant.updateMany({ where: { userId: person.id, revokedAt: null, expiresAt: { gt: at } }, data: { revokedAt: at } })
    ).count;
    integrationsFlagged = (
      await tx.integration.updateMany({
        where: { ownerEmail: { equals: person.email, mode: "insensitive" }, ownerNeedsReplacementAt: null },
        data: { ownerNeedsReplacementAt: at },
      })
    ).count;
    // The IdP tokens kept for them are of no more use: a new sign-in brings new ones.
    await tx.account.updateMany({
      where: { userId: person.id },
      data: { refreshTokenEncrypted: null, idTokenEncrypted: null, idTokenExpiresAt: null },
    });
  }
  const awsRoles = await recordAwsRevocations(tx, { userId: person.id, at, reason, requestedBy });
  return {
    browserSessions: browser.count,
    cliSessions: cli.count,
    deviceSignIns: devices.count,
    requestsCancelled,
    grantsRevoked,
    integrationsFlagged,
    awsRoles,
  };
}

export function countsOf(s: EndAccessSummary) {
  return {
    browserSessions: s.browserSessions,
    cliSessions: s.cliSessions,
    deviceSignIns: s.deviceSignIns,
    requestsCancelled: s.requestsCancelled,
    grantsRevoked: s.grantsRevoked,
    integrationsFlagged: s.integrationsFlagged,
    awsRolesRevoked: s.awsRoles.map((r) => r.roleArn),
  };
}

async function lockPerson(tx: Tx, userId: string) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
  if (!row) throw new NotFoundError("The person");
  return tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, status: true, suspendedBy: true } });
}

export function actorName(actor: Caller): string {
  return actor.kind === "user" ? actor.email : `system:${actor.name}`;
}
