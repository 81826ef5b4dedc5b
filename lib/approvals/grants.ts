import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller, UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db, sql, type Prisma } from "@/lib/db";
import { LIVE_GRANT } from "@/lib/approvals/live-grant";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { recordAwsRevocations } from "@/lib/lifecycle/aws-revocations";
import { scheduleAwsRevocation } from "@/lib/lifecycle/revocation-schedule";
import { announce } from "@/lib/notify/announce";

export const grantSelect = {
  id: true,
  startsAt: true,
  expiresAt: true,
  revokedAt: true,
  requestId: true,
  breakGlass: true,
  justification: true,
  reviewedAt: true,
  reviewComment: true,
  reviewedBy: { select: { email: true, name: true } },
  user: { select: { id: true, email: true, name: true } },
  awsRole: {
    select: { id: true, awsAccountId: true, roleName: true, roleArn: true, account: { select: { accountId: true, name: true } } },
  },
} as const satisfies Prisma.GrantSelect;
export type GrantView = Prisma.GrantGetPayload<{ select: typeof grantSelect }>;

/** The live grant letting this person use this role now, if any (checked at issuance). */
export async function activeGrant(userId: string, awsRoleId: string): Promise<{ id: string; expiresAt: Date; revokedAt: null } | null> {
  const [row] = await sql<{ id: string; expires_at: Date }>(
    `SELECT id, expires_at FROM grants WHERE user_id = $1 AND aws_role_id = $2 AND ${LIVE_GRANT}
      ORDER BY expires_at DESC LIMIT 1`,
    [userId, awsRoleId],
  );
  return row ? { id: row.id, expiresAt: row.expires_at, revokedAt: null } : null;
}

/**
 * Live grants (mine, or everyone's for managers and admins); with `awaitingReview`, the
 * break-glass uses nobody has reviewed yet instead, live or not: the review is owed either way.
 */
export async function listGrants(caller: UserCaller, scope: "mine" | "all", opts: { awaitingReview?: boolean } = {}): Promise<GrantView[]> {
  const all = scope === "all";
  await requirePermission(caller, all ? "requests.read.all" : "requests.read.own");
  const which: Prisma.GrantWhereInput = opts.awaitingReview
    ? { breakGlass: true, reviewedAt: null }
    : { revokedAt: null, expiresAt: { gt: new Date() } };
  return db().grant.findMany({
    where: { ...(all ? {} : { userId: caller.userId }), ...which },
    select: grantSelect,
    orderBy: opts.awaitingReview ? { startsAt: "desc" } : { expiresAt: "asc" },
    take: 500,
  });
}

export async function revokeGrant(caller: Caller, id: string, reason: string) {
  await requirePermission(caller, "grants.revoke");
  const grant = await db().grant.findUnique({ where: { id }, select: grantSelect });
  if (!grant) throw new NotFoundError("The grant");
  const at = new Date();
  const requestedBy = caller.kind === "user" ? caller.email : `system:${caller.name}`;
  await withAudit(caller, "grant.revoke", { type: "grant", id }, async (tx) => {
    const { count } = await tx.grant.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: at, revokedById: caller.kind === "user" ? caller.userId : null },
    });
    if (count === 0) throw new ConflictError("This grant was already revoked.");
    // Sessions already issued under the grant end too, not only new issuance.
    const revoked = await recordAwsRevocations(tx, {
      userId: grant.user.id,
      at,
      roleArns: [grant.awsRole.roleArn],
      reason: `grant revoked: ${reason}`,
      requestedBy,
    });
    return {
      value: undefined,
      details: {
        user: grant.user.email,
        roleArn: grant.awsRole.roleArn,
        reason,
        wasValidUntil: grant.expiresAt.toISOString(),
        liveSessionsRevoked: revoked.length > 0,
      },
    };
  });
  // Even with no session recorded: one in flight is recorded a moment later (revocation-schedule.ts).
  await scheduleAwsRevocation({
    userId: grant.user.id,
    at,
    reason: `grant revoked: ${reason}`,
    requestedBy,
    roleArns: [grant.awsRole.roleArn],
  });
  if (grant.requestId) await announce({ event: "grant.revoked", requestId: grant.requestId, grantId: id });
}
