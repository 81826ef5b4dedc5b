import "server-only";
import type { UserCaller } from "@/lib/auth/caller";
import type { VendAction } from "@/lib/audit/actions";
import { auditRefusal } from "@/lib/audit/record";
import { activeGrant } from "@/lib/approvals/grants";
import { sql } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";

// Which AWS roles a person may use: those mapped to one of their IdP groups. Roles that
// need approval are listed (so people can see and request them) but refused without a live
// grant; with one, sessions end no later than the grant.

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
  /** For roles that need approval: the person's live grant, if any. */
  grant: { id: string; expiresAt: string } | null;
};

/** A role as the credentials page lists it: what the person may do about one that needs a grant. */
export type ListedRole = UsableRole & {
  /** Break-glass: the person may activate it at once for this long (seconds); null when not break-glass. */
  breakGlassMaxSeconds: number | null;
  /** For roles that need approval: whether the approval rules let this person request it, and if not, who may. */
  canRequest: boolean;
  requesterGroups: string[];
  /** The live grant is a break-glass activation. */
  grantIsBreakGlass: boolean;
};

/** A role as findRole reads it: the role's own columns, with its account beside them. */
type Row = Pick<UsableRole, "id" | "roleName" | "roleArn" | "description" | "maxDurationSeconds" | "requiresApproval" | "deliveryMode"> & {
  account: { accountId: string; name: string };
};

function toUsable(r: Row, grant: { id: string; expiresAt: Date } | null = null): UsableRole {
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
    grant: grant ? { id: grant.id, expiresAt: grant.expiresAt.toISOString() } : null,
  };
}

/**
 * The role, if this person may use it now. Unknown id → 404; a role not mapped to their
 * groups → 403 (audited); a role that needs approval and no active grant → 403 saying so.
 */
type RoleRow = Row & { allowedGroups: string[]; recentRevocation: Date | null };

/** A usable role as issuance needs it: with the person's revocation on it from the last seconds. */
export type VendableRole = UsableRole & { recentRevocation: Date | null };

/**
 * The hot path's role lookup: one query on the shared pool (see lib/db.ts). It also reads
 * whether this person's sessions on the role were revoked in the last few seconds: a new
 * session must then wait until its TokenIssueTime is past the revocation's moment.
 */
async function findRole(roleId: string, userId: string): Promise<RoleRow | null> {
  const [r] = await sql<{
    id: string;
    role_name: string;
    role_arn: string;
    description: string | null;
    max_duration_seconds: number;
    requires_approval: boolean;
    delivery_mode: "ASSUME_ROLE" | "WEB_IDENTITY";
    allowed_groups: string[];
    account_id: string;
    account_name: string;
    recent_revocation: Date | null;
  }>(
    `SELECT r.id, r.role_name, r.role_arn, r.description, r.max_duration_seconds, r.requires_approval, r.delivery_mode::text AS delivery_mode,
            r.allowed_groups, a.account_id, a.name AS account_name,
            (SELECT max(v.revoked_before) FROM aws_session_revocations v
              WHERE v.role_arn = r.role_arn AND v.user_id = $2 AND v.revoked_before > now() - interval '3 seconds') AS recent_revocation
       FROM aws_roles r JOIN aws_accounts a ON a.id = r.aws_account_id WHERE r.id = $1`,
    [roleId, userId],
  );
  if (!r) return null;
  return {
    id: r.id,
    roleName: r.role_name,
    roleArn: r.role_arn,
    description: r.description,
    maxDurationSeconds: r.max_duration_seconds,
    requiresApproval: r.requires_approval,
    deliveryMode: r.delivery_mode,
    allowedGroups: r.allowed_groups,
    account: { accountId: r.account_id, name: r.account_name },
    recentRevocation: r.recent_revocation,
  };
}

/**
 * The role, if this person may use it now. Unknown id → 404; a role not mapped to their
 * groups → 403 (audited); a role that needs approval and no active grant → 403 saying so.
 */
export async function requireUsableRole(caller: UserCaller, roleId: string, action: VendAction): Promise<VendableRole> {
  const row = await findRole(roleId, caller.userId);
  if (!row) throw new NotFoundError("The role");
  if (!row.allowedGroups.some((g) => caller.groups.includes(g))) {
    await auditRefusal(caller, action, {
      target: { type: "aws_role", id: row.roleArn },
      details: { reason: "not mapped to the caller's groups" },
    });
    throw new ForbiddenError("You may not use this role: none of your groups is mapped to it.");
  }
  if (row.requiresApproval) {
    const grant = await activeGrant(caller.userId, row.id);
    if (!grant) {
      await auditRefusal(caller, action, { target: { type: "aws_role", id: row.roleArn }, details: { reason: "requires approval" } });
      throw new ForbiddenError("This role requires approval: request time-bound access and a manager will review it.", {
        reason: "approval-required",
      });
    }
    return { ...toUsable(row, grant), recentRevocation: row.recentRevocation };
  }
  return { ...toUsable(row), recentRevocation: row.recentRevocation };
}
