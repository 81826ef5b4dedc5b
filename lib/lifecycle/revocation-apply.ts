import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { systemCaller } from "@/lib/auth/caller";
import { AwsCallError } from "@/lib/aws/errors";
import { deleteRolePolicy, otherInlinePolicySize, putRolePolicy, roleRefOf } from "@/lib/aws/role-policies";
import { db } from "@/lib/db";
import { REVOCATION_POLICY_NAME, renderRevocationPolicy, ROLE_INLINE_POLICY_QUOTA } from "@/lib/lifecycle/revocation-policy";
import { withAdvisoryLock } from "@/lib/locks/advisory";

// Writes one role's KeylessRevokedSessions policy from the revocation rows (the source of
// truth), under a per-role lock so two workers never interleave a read and a write. Run by
// the aws-revocations-apply job: after a revocation, and again when entries expire.

const NAMESPACE = 0x6b6c_7276; // "klrv"

export type ApplyOutcome = { roleArn: string; action: "put" | "delete" | "none"; mode?: string; people: number; cleared: number };

export async function applyRoleRevocations(roleArn: string, now: () => Date = () => new Date()): Promise<ApplyOutcome> {
  const role = roleRefOf(roleArn);
  return withAdvisoryLock({ namespace: NAMESPACE, key: roleArn, what: `role ${roleArn}`, waitMs: 120_000 }, async (hold) => {
    const at = now();
    const rows = await db().awsSessionRevocation.findMany({
      where: { roleArn, OR: [{ expiresAt: { gt: at } }, { clearedAt: null }] },
      select: { id: true, sourceIdentity: true, revokedBefore: true, expiresAt: true, clearedAt: true },
    });
    if (rows.length === 0) return { roleArn, action: "none", people: 0, cleared: 0 };
    const live = rows.filter((r) => r.expiresAt > at);
    const expired = rows.filter((r) => r.expiresAt <= at && !r.clearedAt);
    let outcome: ApplyOutcome;
    try {
      if (live.length > 0) {
        const budget = ROLE_INLINE_POLICY_QUOTA - (await otherInlinePolicySize(role, REVOCATION_POLICY_NAME));
        const rendered = renderRevocationPolicy(live, at, budget);
        hold.assertHeld();
        await putRolePolicy(role, REVOCATION_POLICY_NAME, rendered.document!);
        outcome = { roleArn, action: "put", mode: rendered.mode, people: rendered.people, cleared: expired.length };
      } else {
        hold.assertHeld();
        await deleteRolePolicy(role, REVOCATION_POLICY_NAME);
        outcome = { roleArn, action: "delete", people: 0, cleared: expired.length };
      }
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
      await db().awsSessionRevocation.updateMany({ where: { id: { in: live.map((r) => r.id) } }, data: { error: message } });
      await recordAudit(systemCaller("aws-revocations"), {
        action: "aws.sessions.revoke_apply",
        outcome: "failure",
        target: { type: "aws_role", id: roleArn },
        details: { error: message, entries: live.length },
      });
      // A role that no longer exists cannot hold sessions: nothing to retry.
      if (error instanceof AwsCallError && error.code === "NoSuchEntity") return { roleArn, action: "none", people: 0, cleared: 0 };
      throw error;
    }
    await db().$transaction([
      db().awsSessionRevocation.updateMany({ where: { id: { in: live.map((r) => r.id) } }, data: { appliedAt: at, error: null } }),
      db().awsSessionRevocation.updateMany({ where: { id: { in: expired.map((r) => r.id) } }, data: { clearedAt: at } }),
    ]);
    await recordAudit(systemCaller("aws-revocations"), {
      action: "aws.sessions.revoke_apply",
      outcome: "success",
      target: { type: "aws_role", id: roleArn },
      details: {
        policy: REVOCATION_POLICY_NAME,
        action: outcome.action,
        mode: outcome.mode,
        people: outcome.people,
        expiredEntriesRemoved: outcome.cleared,
      },
    });
    return outcome;
  });
}

/** Roles whose policy holds entries that have expired since it was last written. */
export async function rolesWithExpiredEntries(now: Date): Promise<string[]> {
  const rows = await db().awsSessionRevocation.findMany({
    where: { expiresAt: { lte: now }, clearedAt: null },
    select: { roleArn: true },
    distinct: ["roleArn"],
    take: 1000,
  });
  return rows.map((r) => r.roleArn);
}
