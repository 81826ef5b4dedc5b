import "server-only";
import { auditSystemStep } from "@/lib/audit/record";
import { systemCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { announce } from "@/lib/notify/announce";

/** Expires overdue pending requests and announces ended grants. Idempotent. */
export async function expireDue(now: Date): Promise<{ requests: number; grants: number }> {
  const system = systemCaller("approvals-expiry");
  const requests = await db().accessRequest.updateManyAndReturn({
    where: { status: "PENDING", expiresAt: { lte: now } },
    data: { status: "EXPIRED" },
    select: { id: true },
  });
  for (const r of requests) {
    await auditSystemStep(system, { action: "request.expire", outcome: "success", target: { type: "access_request", id: r.id } });
    await announce({ event: "request.expired", requestId: r.id });
  }
  const grants = await db().grant.updateManyAndReturn({
    where: { expiresAt: { lte: now }, revokedAt: null, expiredNoticeAt: null },
    data: { expiredNoticeAt: now },
    select: { id: true, requestId: true, userId: true, awsRoleId: true },
  });
  for (const g of grants) {
    await auditSystemStep(system, {
      action: "grant.expire",
      outcome: "success",
      target: { type: "grant", id: g.id },
      details: { userId: g.userId, awsRoleId: g.awsRoleId },
    });
    // Break-glass grants have no request to announce about: their end is in the audit log.
    if (g.requestId) await announce({ event: "grant.expired", requestId: g.requestId, grantId: g.id });
  }
  return { requests: requests.length, grants: grants.length };
}
