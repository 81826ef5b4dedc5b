import "server-only";
import { auditSystemStep } from "@/lib/audit/record";
import { systemCaller } from "@/lib/auth/caller";
import { AwsCallError } from "@/lib/aws/errors";
import { deleteRolePolicy, otherInlinePolicySize, putRolePolicy, roleRefOf } from "@/lib/aws/role-policies";
import { db, type Tx } from "@/lib/db";
import { REVOCATION_POLICY_NAME, renderRevocationPolicy, ROLE_INLINE_POLICY_QUOTA } from "@/lib/lifecycle/revocation-policy";
import { lockOn, withLockOrThrow } from "@/lib/locks/liveness";

// Writes one role's KeylessRevokedSessions policy from the revocation rows (the source of
// truth), under a per-role lock so two workers never interleave a read and a write. Run by
// the aws-revocations-apply job: after a revocation, again when entries expire, and for
// rows a failed write left unapplied (aws-revocations-prune).

/** Rows younger than this are still being applied by the job their revocation queued. */
const UNAPPLIED_GRACE_MS = 2 * 60_000;

export type ApplyOutcome = {
  roleArn: string;
  action: "put" | "delete" | "none" | "role-gone";
  mode?: string;
  people: number;
  cleared: number;
};

/** The policy could not be written (IAM refused, or it cannot fit): the job retries. */
export class RevocationApplyError extends Error {
  override name = "RevocationApplyError";
}

async function audit(roleArn: string, outcome: "success" | "failure", details: Record<string, unknown>, tx: Tx) {
  await auditSystemStep(
    systemCaller("aws-revocations"),
    {
      action: "aws.sessions.revoke_apply",
      outcome,
      target: { type: "aws_role", id: roleArn },
      details: { policy: REVOCATION_POLICY_NAME, ...details },
    },
    tx,
  );
}

export async function applyRoleRevocations(roleArn: string, now: () => Date = () => new Date()): Promise<ApplyOutcome> {
  const role = roleRefOf(roleArn);
  return withLockOrThrow(
    lockOn.role(roleArn),
    async (hold) => {
      const at = now();
      const [rows, mapping] = await Promise.all([
        // Cleared rows are settled: written out after they expired, or their role is gone.
        db().awsSessionRevocation.findMany({
          where: { roleArn, clearedAt: null },
          select: { id: true, sourceIdentity: true, revokedBefore: true, expiresAt: true },
        }),
        db().awsRole.findUnique({ where: { roleArn }, select: { deliveryMode: true } }),
      ]);
      if (rows.length === 0) return { roleArn, action: "none", people: 0, cleared: 0 };
      const live = rows.filter((r) => r.expiresAt > at);
      const expired = rows.filter((r) => r.expiresAt <= at);
      // Web-identity sessions carry no SourceIdentity: they are named by their session name.
      const match = mapping?.deliveryMode === "WEB_IDENTITY" ? "session-name" : "source-identity";
      let outcome: ApplyOutcome;
      try {
        if (live.length > 0) {
          const budget = ROLE_INLINE_POLICY_QUOTA - (await otherInlinePolicySize(role, REVOCATION_POLICY_NAME));
          const rendered = renderRevocationPolicy(live, at, { budget, match });
          if (!rendered.fits) {
            throw new RevocationApplyError(
              `the role's other inline policies leave ${budget} of IAM's ${ROLE_INLINE_POLICY_QUOTA} characters: not even the role-wide deny fits`,
            );
          }
          hold.assertHeld();
          await putRolePolicy(role, REVOCATION_POLICY_NAME, rendered.document!);
          outcome = { roleArn, action: "put", mode: rendered.mode, people: rendered.people, cleared: expired.length };
        } else {
          hold.assertHeld();
          await deleteRolePolicy(role, REVOCATION_POLICY_NAME);
          outcome = { roleArn, action: "delete", people: 0, cleared: expired.length };
        }
      } catch (error) {
        return failed(roleArn, live, rows, at, error);
      }
      // The rows commit with the entry: when the log cannot record it, the rows stay as they
      // were and the job's retry writes the policy again (idempotent) and records it.
      await db().$transaction(async (tx) => {
        await tx.awsSessionRevocation.updateMany({ where: { id: { in: live.map((r) => r.id) } }, data: { appliedAt: at, error: null } });
        await tx.awsSessionRevocation.updateMany({ where: { id: { in: expired.map((r) => r.id) } }, data: { clearedAt: at } });
        const details = { action: outcome.action, mode: outcome.mode, people: outcome.people, expiredEntriesRemoved: outcome.cleared };
        await audit(roleArn, "success", details, tx);
      });
      return outcome;
    },
    120_000,
  );
}

/**
 * A role that no longer exists in IAM takes its sessions with it (a role re-created under
 * the same name has a new id, and old sessions do not carry over): its rows are settled,
 * not retried. Any other failure is recorded on the rows and thrown for the job to retry.
 */
async function failed(roleArn: string, live: { id: string }[], rows: { id: string }[], at: Date, error: unknown): Promise<ApplyOutcome> {
  const gone = error instanceof AwsCallError && error.code === "NoSuchEntity";
  const message = gone
    ? "The role no longer exists in IAM: its sessions ended with it."
    : error instanceof Error
      ? error.message.slice(0, 500)
      : String(error);
  await db().$transaction(async (tx) => {
    if (gone) {
      await tx.awsSessionRevocation.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { error: message, clearedAt: at } });
    } else {
      await tx.awsSessionRevocation.updateMany({ where: { id: { in: live.map((r) => r.id) } }, data: { error: message } });
    }
    await audit(roleArn, "failure", { error: message, entries: live.length, ...(gone ? { roleGone: true } : {}) }, tx);
  });
  if (gone) return { roleArn, action: "role-gone", people: 0, cleared: rows.length };
  throw error;
}

/**
 * Roles whose policy needs writing again: entries that expired since it was last written,
 * and entries no write has carried yet (their job gave up: IAM refused, or the queue was
 * unavailable). Retried every few minutes until written or expired.
 */
export async function rolesNeedingApply(now: Date): Promise<string[]> {
  const rows = await db().awsSessionRevocation.findMany({
    where: {
      clearedAt: null,
      OR: [{ expiresAt: { lte: now } }, { appliedAt: null, createdAt: { lte: new Date(now.getTime() - UNAPPLIED_GRACE_MS) } }],
    },
    select: { roleArn: true },
    distinct: ["roleArn"],
    take: 1000,
  });
  return rows.map((r) => r.roleArn);
}
