import "server-only";
import { extendedExpiry } from "@/lib/approvals/grants-logic";
import { requestSelect, requireDecidable, type RequestView } from "@/lib/approvals/requests";
import { parseDecisionComment } from "@/lib/approvals/schemas";
import { auditedTransaction, recordAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { db, type Tx } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { announce } from "@/lib/notify/announce";
import { startProvisioning } from "@/lib/approvals/provisioning";

// Approve or deny. The status flips from PENDING in one conditional update, so two
// approvers clicking at once give one decision and a clear 409 for the other. The
// decision, the grant it creates and their audit entries commit together: a decision the
// audit log cannot record is not taken (fail closed).

async function claim(tx: Tx, caller: UserCaller, id: string, status: "APPROVED" | "DENIED", comment: string) {
  const now = new Date();
  const { count } = await tx.accessRequest.updateMany({
    where: { id, status: "PENDING", expiresAt: { gt: now }, requesterId: { not: caller.userId } },
    data: { status, decidedById: caller.userId, decidedAt: now, decisionComment: comment || null },
  });
  if (count === 1) return;
  const current = await tx.accessRequest.findUnique({ where: { id }, select: { status: true, expiresAt: true } });
  if (current?.status === "PENDING" && current.expiresAt <= now) throw new ConflictError("This request expired before it was decided.");
  throw new ConflictError(`This request was already ${current?.status.toLowerCase() ?? "removed"}.`);
}

export async function approveRequest(caller: UserCaller, id: string, rawComment: string): Promise<RequestView> {
  const request = await requireDecidable(caller, id);
  const comment = parseDecisionComment(rawComment);
  await auditedTransaction(async (tx) => {
    await claim(tx, caller, id, "APPROVED", comment);
    if (request.kind === "ROLE_ACCESS" && request.awsRole && request.durationSeconds) {
      await grantRoleAccess(tx, caller, request.id, request.requester.id, request.awsRole.id, request.durationSeconds);
    }
    await recordAudit(
      caller,
      {
        action: "request.approve",
        outcome: "success",
        target: { type: "access_request", id },
        details: { kind: request.kind, comment, via: caller.via },
      },
      tx,
    );
  });
  // Queued once the approval is committed (the job reads the approved request).
  if (request.kind === "EXTERNAL_ACCESS") await startProvisioning(caller, request.id);
  await announce({ event: "request.approved", requestId: id });
  return db().accessRequest.findUniqueOrThrow({ where: { id }, select: requestSelect });
}

export async function denyRequest(caller: UserCaller, id: string, rawComment: string): Promise<RequestView> {
  const request = await requireDecidable(caller, id);
  const comment = parseDecisionComment(rawComment);
  await auditedTransaction(async (tx) => {
    await claim(tx, caller, id, "DENIED", comment);
    await recordAudit(
      caller,
      {
        action: "request.deny",
        outcome: "success",
        target: { type: "access_request", id },
        details: { kind: request.kind, comment, via: caller.via },
      },
      tx,
    );
  });
  await announce({ event: "request.denied", requestId: id });
  return db().accessRequest.findUniqueOrThrow({ where: { id }, select: requestSelect });
}

/** One live grant per person and role: a new approval extends it rather than failing. */
async function grantRoleAccess(tx: Tx, caller: UserCaller, requestId: string, userId: string, awsRoleId: string, durationSeconds: number) {
  const now = new Date();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`grant:${userId}:${awsRoleId}`}))`;
  const live = await tx.grant.findFirst({
    where: { userId, awsRoleId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { expiresAt: "desc" },
    select: { id: true, expiresAt: true, revokedAt: true },
  });
  const expiresAt = extendedExpiry(live, now, durationSeconds);
  const grant = live
    ? {
        ...(await tx.grant.update({ where: { id: live.id }, data: { expiresAt, requestId }, select: { id: true, expiresAt: true } })),
        extended: true,
        previous: live.expiresAt,
      }
    : {
        ...(await tx.grant.create({ data: { userId, awsRoleId, requestId, expiresAt }, select: { id: true, expiresAt: true } })),
        extended: false,
        previous: null,
      };
  await recordAudit(
    caller,
    {
      action: grant.extended ? "grant.extend" : "grant.create",
      outcome: "success",
      target: { type: "grant", id: grant.id },
      details: { requestId, userId, awsRoleId, expiresAt: grant.expiresAt.toISOString(), previousExpiresAt: grant.previous?.toISOString() },
    },
    tx,
  );
}
