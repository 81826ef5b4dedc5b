import "server-only";
import { auditSystemStep } from "@/lib/audit/record";
import { systemCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { announce } from "@/lib/notify/announce";

/**
 * Expires overdue pending requests and announces ended grants. Idempotent. Each batch's
 * changes commit with their audit entries: when the log cannot record them, nothing is marked
 * and the next run (every minute) finds the same rows again, so no expiry goes unaudited.
 */
export async function expireDue(now: Date): Promise<{ requests: number; grants: number }> {
  const system = systemCaller("approvals-expiry");
  const requests = await db().$transaction(async (tx) => {
    const rows = await tx.accessRequest.updateManyAndReturn({
      where: { status: "PENDING", expiresAt: { lte: now } },
      data: { status: "EXPIRED" },
      select: { id: true },
    });
    for (const r of rows)
      await auditSystemStep(system, { action: "request.expire", outcome: "success", target: { type: "access_request", id: r.id } }, tx);
    return rows;
  });
  for (const r of requests) await announce({ event: "request.expired", requestId: r.id });
  const grants = await db().$transaction(async (tx) => {
    const rows = await tx.grant.updateManyAndReturn({
      where: { expiresAt: { lte: now }, revokedAt: null, expiredNoticeAt: null },
      data: { expiredNoticeAt: now },
      select: { id: true, requestId: true, userId: true, awsRoleId: true },
    });
    for (const g of rows) {
      const details = { userId: g.userId, awsRoleId: g.awsRoleId };
      await auditSystemStep(system, { action: "grant.expire", outcome: "success", target: { type: "grant", id: g.id }, details }, tx);
    }
    return rows;
  });
  // Break-glass grants have no request to announce about: their end is in the audit log.
  for (const g of grants) if (g.requestId) await announce({ event: "grant.expired", requestId: g.requestId, grantId: g.id });
  return { requests: requests.length, grants: grants.length };
}
