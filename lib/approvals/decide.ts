import "server-only";
import { approvalNeed, confirmationText, confirms, type ApprovalNeed } from "@/lib/approvals/approval-policy";
import { extendedExpiry } from "@/lib/approvals/grant-window";
import { requestSelect, requireDecidable, type RequestView } from "@/lib/approvals/requests";
import { needsCarefulApproval, type RiskLevel } from "@/lib/approvals/risk-types";
import { parseDecisionComment } from "@/lib/approvals/schemas";
import { auditRefusal, withAudit, type AlsoAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { announce } from "@/lib/notify/announce";
import { startProvisioning } from "@/lib/approvals/provisioning";

// Approve or deny. A decision is taken under a lock on the request row, so two approvers
// clicking at once give one decision and a clear 409 for the other. The decision, the grant
// it creates and their audit entries commit together: a decision the audit log cannot
// record is not taken (fail closed).
//
// Dangerous requests take more than one click (lib/approvals/approval-policy.ts): high and
// critical risk (or not analysed yet) cannot be approved from Slack, the approver types the
// name of what is granted to confirm, and it needs an admin or two different approvers:
// until then each approval is recorded and the request stays PENDING.

async function decide(tx: Tx, caller: UserCaller, id: string, status: "APPROVED" | "DENIED", comment: string) {
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

export type ApproveOptions = { confirm?: string };

export async function approveRequest(
  caller: UserCaller,
  id: string,
  rawComment: string,
  options: ApproveOptions = {},
): Promise<RequestView> {
  const request = await requireDecidable(caller, id);
  const comment = parseDecisionComment(rawComment);
  const level = (request.riskLevel ?? null) as RiskLevel | null;
  if (needsCarefulApproval(level)) await requireCarefulPath(caller, request, level, options);
  const need = await withAudit(caller, "request.approve", { type: "access_request", id }, async (tx, also) => {
    const recorded = await recordApproval(tx, caller, id, level, comment);
    if (recorded.complete) {
      await decide(tx, caller, id, "APPROVED", comment);
      if (request.kind === "ROLE_ACCESS" && request.awsRole && request.durationSeconds) {
        await grantRoleAccess(tx, also, request.id, request.requester.id, request.awsRole.id, request.durationSeconds);
      }
    }
    return {
      value: recorded,
      details: { kind: request.kind, comment, via: caller.via, risk: level, approvals: recorded.have, complete: recorded.complete },
    };
  });
  if (need.complete) {
    // Queued once the approval is committed (the job reads the approved request).
    if (request.kind === "EXTERNAL_ACCESS") await startProvisioning(caller, request.id);
    await announce({ event: "request.approved", requestId: id });
  } else {
    await announce({ event: "request.approval_added", requestId: id });
  }
  return db().accessRequest.findUniqueOrThrow({ where: { id }, select: requestSelect });
}

/** High risk: never from Slack, and the approver confirms by typing what is granted. */
async function requireCarefulPath(caller: UserCaller, request: RequestView, level: RiskLevel | null, options: ApproveOptions) {
  const what = level ? `${level} risk` : "not analysed yet";
  if (caller.via === "slack") {
    await auditRefusal(caller, "request.approve", {
      target: { type: "access_request", id: request.id },
      details: { reason: "high-risk request approved from Slack", risk: level },
    });
    throw new ForbiddenError(`This request is ${what}: it cannot be approved from Slack. Open it in Keyless to review it and approve.`);
  }
  const expected = confirmationText(request);
  if (!confirms(options.confirm, expected)) {
    throw new ValidationError(`This request is ${what}: type “${expected}” to confirm the approval.`, [
      { path: "confirm", message: `Type “${expected}” to confirm` },
    ]);
  }
}

/** Adds the caller's approval and says whether the request now has all it needs. */
async function recordApproval(tx: Tx, caller: UserCaller, id: string, level: RiskLevel | null, comment: string): Promise<ApprovalNeed> {
  const now = new Date();
  const [row] = await tx.$queryRaw<{ status: string; expires_at: Date }[]>`
    SELECT status::text, expires_at FROM access_requests WHERE id = ${id} FOR UPDATE`;
  if (!row) throw new ConflictError("This request was removed.");
  if (row.status === "PENDING" && row.expires_at <= now) throw new ConflictError("This request expired before it was decided.");
  if (row.status !== "PENDING") throw new ConflictError(`This request was already ${row.status.toLowerCase()}.`);
  const earlier = await tx.requestApproval.findMany({ where: { requestId: id }, select: { userId: true, asAdmin: true } });
  if (earlier.some((a) => a.userId === caller.userId)) {
    throw new ConflictError("You already approved this request: it needs another approver.");
  }
  const mine = { userId: caller.userId, asAdmin: caller.roles.includes("admin") };
  await tx.requestApproval.create({
    data: { requestId: id, ...mine, via: caller.via, comment: comment || null, at: now },
    select: { id: true },
  });
  return approvalNeed(level, [...earlier, mine], env().KEYLESS_HIGH_RISK_APPROVAL);
}

export async function denyRequest(caller: UserCaller, id: string, rawComment: string): Promise<RequestView> {
  const request = await requireDecidable(caller, id);
  const comment = parseDecisionComment(rawComment);
  await withAudit(caller, "request.deny", { type: "access_request", id }, async (tx) => {
    await decide(tx, caller, id, "DENIED", comment);
    return { value: undefined, details: { kind: request.kind, comment, via: caller.via } };
  });
  await announce({ event: "request.denied", requestId: id });
  return db().accessRequest.findUniqueOrThrow({ where: { id }, select: requestSelect });
}

/** One live grant per person and role: a new approval extends it rather than failing. */
async function grantRoleAccess(tx: Tx, also: AlsoAudit, requestId: string, userId: string, awsRoleId: string, durationSeconds: number) {
  const now = new Date();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`grant:${userId}:${awsRoleId}`}))`;
  const live = await tx.grant.findFirst({
    // A live break-glass grant stays as it is (it awaits its review); the approval adds its own.
    where: { userId, awsRoleId, revokedAt: null, expiresAt: { gt: now }, breakGlass: false },
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
  await also({
    action: grant.extended ? "grant.extend" : "grant.create",
    outcome: "success",
    target: { type: "grant", id: grant.id },
    details: { requestId, userId, awsRoleId, expiresAt: grant.expiresAt.toISOString(), previousExpiresAt: grant.previous?.toISOString() },
  });
}
