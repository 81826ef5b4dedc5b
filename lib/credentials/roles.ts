import "server-only";
import type { UserCaller } from "@/lib/auth/caller";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";

// Which AWS roles a person may use: those mapped to one of their IdP groups. Roles that
// need approval are listed (so people can see and request them) but refused without a grant.

export type UsableRole = {
  id: string;
  accountId: string;
  accountName: string;
  roleName: string;
  roleArn: string;
  description: string | null;
  maxDurationSeconds: number;
  requiresApproval: boolean;
  deliveryMode: "ASSUME_ROLE" | "WEB_IDENTITY";
};

const select = {
  id: true,
  roleName: true,
  roleArn: true,
  description: true,
  maxDurationSeconds: true,
  requiresApproval: true,
  deliveryMode: true,
  allowedGroups: true,
  account: { select: { accountId: true, name: true } },
} as const;

type Row = { id: string; roleName: string; roleArn: string; description: string | null; maxDurationSeconds: number; requiresApproval: boolean; deliveryMode: "ASSUME_ROLE" | "WEB_IDENTITY"; account: { accountId: string; name: string } };

function toUsable(r: Row): UsableRole {
  return {
    id: r.id,
    accountId: r.account.accountId,
    accountName: r.account.name,
    roleName: r.roleName,
    roleArn: r.roleArn,
    description: r.description,
    maxDurationSeconds: r.maxDurationSeconds,
    requiresApproval: r.requiresApproval,
    deliveryMode: r.deliveryMode,
  };
}

export async function listUsableRoles(caller: UserCaller): Promise<UsableRole[]> {
  await requirePermission(caller, "roles.list");
  if (caller.groups.length === 0) return [];
  const rows = await db().awsRole.findMany({
    where: { allowedGroups: { hasSome: caller.groups } },
    select,
    orderBy: [{ account: { name: "asc" } }, { roleName: "asc" }],
  });
  return rows.map(toUsable);
}

/**
 * The role, if this person may use it now. Unknown id → 404; a role not mapped to their
 * groups → 403 (audited); a role that needs approval and no active grant → 403 saying so.
 */
export async function requireUsableRole(caller: UserCaller, roleId: string, action: string): Promise<UsableRole> {
  const row = await db().awsRole.findUnique({ where: { id: roleId }, select });
  if (!row) throw new NotFoundError("The role");
  if (!row.allowedGroups.some((g) => caller.groups.includes(g))) {
    await recordAudit(caller, { action, outcome: "denied", target: { type: "aws_role", id: row.roleArn }, details: { reason: "not mapped to the caller's groups" } });
    throw new ForbiddenError("You may not use this role: none of your groups is mapped to it.");
  }
  if (row.requiresApproval) {
    await recordAudit(caller, { action, outcome: "denied", target: { type: "aws_role", id: row.roleArn }, details: { reason: "requires approval" } });
    throw new ForbiddenError("This role requires approval: request time-bound access and a manager will review it.", {
      reason: "approval-required",
    });
  }
  return toUsable(row);
}
