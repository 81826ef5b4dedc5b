import "server-only";
import { canDecide, decidable, type RequestKindName } from "@/lib/approvals/approver-rules-match";
import { newRequestInput } from "@/lib/approvals/request-limits";
import { assessNewRequest, queueReanalysis, riskColumns, type RiskOutcome } from "@/lib/approvals/risk";
import { loadRules, requireMayRequest } from "@/lib/approvals/approver-rules";
import { roleAccessRequestSchema, type RequestListQuery, type RoleAccessRequestInput } from "@/lib/approvals/schemas";
import { auditRefusal, withAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { can, requirePermission } from "@/lib/auth/guard";
import { db, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { announce } from "@/lib/notify/announce";

// Access requests: an engineer asks, an eligible approver (never the requester) decides.
// Role access ends in a grant (lib/approvals/grants.ts); external access in provisioning.

export const requestSelect = {
  id: true,
  kind: true,
  status: true,
  justification: true,
  createdAt: true,
  expiresAt: true,
  decidedAt: true,
  decisionComment: true,
  durationSeconds: true,
  serviceName: true,
  targetType: true,
  targetSettings: true,
  managedPolicyArns: true,
  inlinePolicy: true,
  ownerEmail: true,
  rotationIntervalDays: true,
  provisioning: true,
  integrationId: true,
  risk: true,
  riskLevel: true,
  requester: { select: { id: true, email: true, name: true, groups: true } },
  decidedBy: { select: { email: true, name: true } },
  awsRole: {
    select: {
      id: true,
      awsAccountId: true,
      roleName: true,
      roleArn: true,
      maxDurationSeconds: true,
      account: { select: { accountId: true, name: true } },
    },
  },
  account: { select: { id: true, accountId: true, name: true } },
  grants: { select: { id: true, expiresAt: true, revokedAt: true }, orderBy: { expiresAt: "desc" as const }, take: 1 },
  approvals: {
    select: { at: true, asAdmin: true, via: true, comment: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: { at: "asc" as const },
  },
} satisfies Prisma.AccessRequestSelect;

export type RequestView = Prisma.AccessRequestGetPayload<{ select: typeof requestSelect }>;

/** What every new request row has: who asks and why, its analysis, and when it lapses undecided. */
export function newRequestColumns(
  caller: UserCaller,
  kind: "ROLE_ACCESS" | "EXTERNAL_ACCESS",
  justification: string,
  assessed: RiskOutcome,
) {
  return {
    kind,
    requesterId: caller.userId,
    justification,
    ...riskColumns(assessed),
    expiresAt: new Date(Date.now() + env().KEYLESS_REQUEST_TTL_HOURS * 3600_000),
  };
}

export async function createRoleAccessRequest(caller: UserCaller, raw: RoleAccessRequestInput): Promise<RequestView> {
  const input = await newRequestInput(caller, roleAccessRequestSchema, raw);
  const role = await db().awsRole.findUnique({
    where: { id: input.roleId },
    select: {
      id: true,
      awsAccountId: true,
      roleName: true,
      roleArn: true,
      requiresApproval: true,
      allowedGroups: true,
      account: { select: { accountId: true, inventoryRoleArn: true } },
    },
  });
  if (!role || !role.allowedGroups.some((g) => caller.groups.includes(g))) throw new NotFoundError("The role");
  const target = { kind: "ROLE_ACCESS" as const, awsRoleId: role.id, awsAccountId: role.awsAccountId };
  await requireMayRequest(caller, target, role.roleName, { type: "aws_role", id: role.roleArn });
  if (!role.requiresApproval)
    throw new ValidationError("This role does not need approval: get credentials for it directly.", [
      { path: "roleId", message: "No approval needed" },
    ]);
  const maxSeconds = Math.round(env().KEYLESS_MAX_GRANT_HOURS * 3600);
  if (input.durationSeconds > maxSeconds) {
    throw new ValidationError(`Access can be requested for at most ${env().KEYLESS_MAX_GRANT_HOURS} hours.`, [
      { path: "durationSeconds", message: "Too long" },
    ]);
  }
  // What the role allows (its attached and inline policies), read from IAM and analysed.
  const assessed = await assessNewRequest({ kind: "ROLE_ACCESS", account: role.account, roleArn: role.roleArn });
  const request = await withAudit(caller, "request.create", undefined, async (tx) => {
    const created = await tx.accessRequest.create({
      data: {
        ...newRequestColumns(caller, "ROLE_ACCESS", input.justification, assessed),
        awsRoleId: role.id,
        durationSeconds: input.durationSeconds,
      },
      select: requestSelect,
    });
    return {
      value: created,
      target: { type: "access_request", id: created.id },
      details: { kind: "ROLE_ACCESS", roleArn: role.roleArn, durationSeconds: input.durationSeconds, riskLevel: assessed.risk.level },
    };
  });
  if (assessed.retry) await queueReanalysis(request.id);
  await announce({ event: "request.created", requestId: request.id });
  return request;
}

export async function listRequests(caller: UserCaller, query: RequestListQuery): Promise<RequestView[]> {
  const where: Prisma.AccessRequestWhereInput = query.status ? { status: query.status } : {};
  if (query.scope === "mine") {
    await requirePermission(caller, "requests.read.own");
    return db().accessRequest.findMany({
      where: { ...where, requesterId: caller.userId },
      select: requestSelect,
      orderBy: { createdAt: "desc" },
      take: query.limit,
    });
  }
  await requirePermission(caller, query.scope === "to-decide" ? "requests.decide" : "requests.read.all");
  const rows = await db().accessRequest.findMany({
    where:
      query.scope === "to-decide"
        ? { ...where, status: "PENDING", requesterId: { not: caller.userId }, expiresAt: { gt: new Date() } }
        : where,
    select: requestSelect,
    orderBy: { createdAt: query.scope === "to-decide" ? "asc" : "desc" },
    take: query.limit,
  });
  // Nothing to check against the rules (the dashboard badge's usual case): no second round trip.
  if (query.scope !== "to-decide" || rows.length === 0) return rows;
  const rules = await loadRules();
  return rows.filter((r) => canDecide(caller, decidable(r), rules).ok);
}

type DecidableRow = {
  kind: RequestKindName;
  requester_id: string;
  requester_groups: string[];
  aws_role_id: string | null;
  role_account_id: string | null;
  aws_account_id: string | null;
};

/**
 * Pending requests this person may decide (the dashboard badge, on every page): the rows
 * listRequests' "to-decide" scope gives (up to its 200), read with only what the approver
 * rules look at, in one statement, then filtered by the same rules check.
 */
export async function countPendingForDecider(caller: UserCaller): Promise<number> {
  if (!can(caller, "requests.decide")) return 0;
  const rows = await db().$queryRaw<DecidableRow[]>`
    SELECT r.kind::text AS kind, r.requester_id, u.groups AS requester_groups, r.aws_role_id,
           ar.aws_account_id AS role_account_id, r.aws_account_id
      FROM access_requests r
      JOIN users u ON u.id = r.requester_id
      LEFT JOIN aws_roles ar ON ar.id = r.aws_role_id
     WHERE r.status = 'PENDING' AND r.requester_id <> ${caller.userId} AND r.expires_at > ${new Date()}
     ORDER BY r.created_at
     LIMIT 200`;
  if (rows.length === 0) return 0;
  const rules = await loadRules();
  return rows.filter(
    (r) =>
      canDecide(
        caller,
        decidable({
          kind: r.kind,
          requester: { id: r.requester_id, groups: r.requester_groups },
          awsRole: r.aws_role_id ? { id: r.aws_role_id, awsAccountId: r.role_account_id ?? "" } : null,
          account: r.aws_account_id ? { id: r.aws_account_id } : null,
        }),
        rules,
      ).ok,
  ).length;
}

export async function getRequest(caller: UserCaller, id: string): Promise<RequestView & { canDecide: boolean; decideReason?: string }> {
  const request = await db().accessRequest.findUnique({ where: { id }, select: requestSelect });
  const mine = request?.requester.id === caller.userId;
  if (!request || (!mine && !can(caller, "requests.read.all"))) throw new NotFoundError("The request");
  await requirePermission(caller, mine ? "requests.read.own" : "requests.read.all");
  const eligibility = can(caller, "requests.decide")
    ? canDecide(caller, decidable(request), await loadRules())
    : { ok: false as const, reason: "" };
  return {
    ...request,
    canDecide: request.status === "PENDING" && eligibility.ok,
    decideReason: eligibility.ok ? undefined : eligibility.reason,
  };
}

export async function requireDecidable(caller: UserCaller, id: string) {
  await requirePermission(caller, "requests.decide");
  const request = await db().accessRequest.findUnique({ where: { id }, select: requestSelect });
  if (!request) throw new NotFoundError("The request");
  const eligibility = canDecide(caller, decidable(request), await loadRules());
  if (!eligibility.ok) {
    await auditRefusal(caller, "request.decide", { target: { type: "access_request", id }, details: { reason: eligibility.reason } });
    throw new ForbiddenError(eligibility.reason);
  }
  return request;
}

/** The requester withdraws a request that nobody has decided yet. */
export async function cancelRequest(caller: UserCaller, id: string): Promise<RequestView> {
  await requirePermission(caller, "requests.create");
  const count = await withAudit(caller, "request.cancel", { type: "access_request", id }, async (tx) => {
    const updated = await tx.accessRequest.updateMany({
      where: { id, requesterId: caller.userId, status: "PENDING" },
      data: { status: "CANCELLED" },
    });
    return { value: updated.count, unchanged: updated.count === 0 };
  });
  if (count === 0) {
    const exists = await db().accessRequest.findFirst({ where: { id, requesterId: caller.userId }, select: { status: true } });
    if (!exists) throw new NotFoundError("The request");
    throw new ConflictError(`This request is ${exists.status.toLowerCase()} and can no longer be cancelled.`);
  }
  return db().accessRequest.findUniqueOrThrow({ where: { id }, select: requestSelect });
}
