import "server-only";
import {
  ruleInputSchema,
  rulePatchSchema,
  type RuleInput,
  type RulePatch,
  type RuleScopeInput,
  type RuleView,
} from "@/lib/approvals/rule-schemas";
import { canRequest, type Rule, type Target } from "@/lib/approvals/approver-rules-match";
import { auditRefusal, withAudit } from "@/lib/audit/record";
import type { Caller, UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";

// Approver rules in the database: read for every decision and notification, changed by
// admins (settings.manage), each change audited with what it was before and after.

const ruleSelect = {
  id: true,
  kind: true,
  requesterGroups: true,
  approverGroups: true,
  createdAt: true,
  updatedAt: true,
  awsRole: { select: { id: true, roleName: true, roleArn: true, account: { select: { accountId: true, name: true } } } },
  awsAccount: { select: { accountId: true, name: true } },
} as const;

type RuleRow = {
  id: string;
  kind: "ROLE_ACCESS" | "EXTERNAL_ACCESS" | null;
  requesterGroups: string[];
  approverGroups: string[];
  createdAt: Date;
  updatedAt: Date;
  awsRole: { id: string; roleName: string; roleArn: string; account: { accountId: string; name: string } } | null;
  awsAccount: { accountId: string; name: string } | null;
};

function toView(r: RuleRow): RuleView {
  const scope: RuleView["scope"] = r.awsRole
    ? {
        type: "role",
        roleId: r.awsRole.id,
        roleName: r.awsRole.roleName,
        roleArn: r.awsRole.roleArn,
        accountId: r.awsRole.account.accountId,
        accountName: r.awsRole.account.name,
      }
    : r.awsAccount
      ? { type: "account", accountId: r.awsAccount.accountId, accountName: r.awsAccount.name }
      : { type: "global" };
  const { awsRole: _r, awsAccount: _a, ...rest } = r;
  return { ...rest, scope, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

/** What the audit log keeps of a rule: its scope by AWS names, not internal ids. */
const audited = (v: RuleView) => ({
  scope: v.scope.type === "role" ? v.scope.roleArn : v.scope.type === "account" ? v.scope.accountId : "everything",
  kind: v.kind,
  requesterGroups: v.requesterGroups,
  approverGroups: v.approverGroups,
});

/** The rules, for deciding and notifying (no caller: they are configuration). */
export async function loadRules(): Promise<Rule[]> {
  return db().approvalRule.findMany({
    select: { awsRoleId: true, awsAccountId: true, kind: true, requesterGroups: true, approverGroups: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function listRules(caller: Caller): Promise<RuleView[]> {
  await requirePermission(caller, "requests.read.all");
  const rows = await db().approvalRule.findMany({ select: ruleSelect, orderBy: { createdAt: "asc" } });
  return rows.map(toView);
}

async function scopeIds(scope: RuleScopeInput): Promise<{ awsRoleId: string | null; awsAccountId: string | null }> {
  if (scope.type === "global") return { awsRoleId: null, awsAccountId: null };
  if (scope.type === "role") {
    const role = await db().awsRole.findUnique({ where: { id: scope.roleId }, select: { id: true } });
    if (!role) throw new ValidationError("No such role is mapped in Keyless.", [{ path: "scope.roleId", message: "Unknown role" }]);
    return { awsRoleId: role.id, awsAccountId: null };
  }
  const account = await db().awsAccount.findUnique({ where: { accountId: scope.accountId }, select: { id: true } });
  if (!account)
    throw new ValidationError(`Account ${scope.accountId} is not configured in Keyless.`, [
      { path: "scope.accountId", message: "Unknown account" },
    ]);
  return { awsRoleId: null, awsAccountId: account.id };
}

function scopeOf(v: RuleView): RuleScopeInput {
  if (v.scope.type === "role") return { type: "role", roleId: v.scope.roleId ?? "" };
  if (v.scope.type === "account") return { type: "account", accountId: v.scope.accountId ?? "" };
  return { type: "global" };
}

async function findRule(id: string): Promise<RuleView> {
  const row = await db().approvalRule.findUnique({ where: { id }, select: ruleSelect });
  if (!row) throw new NotFoundError("The rule");
  return toView(row);
}

export async function createRule(caller: Caller, raw: RuleInput): Promise<RuleView> {
  await requirePermission(caller, "settings.manage");
  const input = ruleInputSchema.parse(raw);
  const ids = await scopeIds(input.scope);
  return withAudit(caller, "approval_rule.create", undefined, async (tx) => {
    const data = { ...ids, kind: input.kind, requesterGroups: input.requesterGroups, approverGroups: input.approverGroups };
    const view = toView(await tx.approvalRule.create({ data, select: ruleSelect }));
    return { value: view, target: { type: "approval_rule", id: view.id }, details: { after: audited(view) } };
  });
}

export async function updateRule(caller: Caller, id: string, raw: RulePatch): Promise<RuleView> {
  await requirePermission(caller, "settings.manage");
  const patch = rulePatchSchema.parse(raw);
  const before = await findRule(id);
  const merged = ruleInputSchema.parse({
    scope: patch.scope ?? scopeOf(before),
    kind: patch.kind === undefined ? before.kind : patch.kind,
    requesterGroups: patch.requesterGroups ?? before.requesterGroups,
    approverGroups: patch.approverGroups ?? before.approverGroups,
  });
  const ids = await scopeIds(merged.scope);
  return withAudit(caller, "approval_rule.update", { type: "approval_rule", id }, async (tx) => {
    const data = { ...ids, kind: merged.kind, requesterGroups: merged.requesterGroups, approverGroups: merged.approverGroups };
    const after = toView(await tx.approvalRule.update({ where: { id }, data, select: ruleSelect }));
    return { value: after, details: { before: audited(before), after: audited(after) } };
  });
}

export async function deleteRule(caller: Caller, id: string): Promise<void> {
  await requirePermission(caller, "settings.manage");
  const before = await findRule(id);
  await withAudit(caller, "approval_rule.delete", { type: "approval_rule", id }, async (tx) => {
    await tx.approvalRule.delete({ where: { id } });
    return { value: undefined, details: { before: audited(before) } };
  });
}

/**
 * Refuses a request from someone the applicable rules do not name as a requester (403,
 * audited), saying who may. `what` names the role or account in the message; `about` is
 * the audit entry's target (a role by ARN, an account by its AWS id).
 */
export async function requireMayRequest(
  caller: UserCaller,
  target: Target,
  what: string,
  about: { type: "aws_role" | "aws_account"; id: string },
): Promise<void> {
  const eligibility = canRequest(caller.groups, target, await loadRules());
  if (eligibility.ok) return;
  const who = eligibility.requesterGroups.join(", ");
  const reason = `You can't request ${what}: the approval rules let only members of ${who} request it.`;
  await auditRefusal(caller, "request.create", {
    target: about,
    details: { reason: "not a requester under the approval rules", kind: target.kind, requesterGroups: eligibility.requesterGroups },
  });
  throw new ForbiddenError(reason, { reason: "not-a-requester", requesterGroups: eligibility.requesterGroups });
}
