import "server-only";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { canRequest } from "@/lib/approvals/approver-rules-match";
import { loadRules } from "@/lib/approvals/approver-rules";
import { db } from "@/lib/db";

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

const select = {
  id: true,
  awsAccountId: true,
  breakGlass: true,
  breakGlassMaxSeconds: true,
  roleName: true,
  roleArn: true,
  description: true,
  maxDurationSeconds: true,
  requiresApproval: true,
  deliveryMode: true,
  allowedGroups: true,
  account: { select: { accountId: true, name: true } },
} as const;

/** A role as `select` reads it: the role's own columns, with its account beside them. */
type Row = Pick<UsableRole, "id" | "roleName" | "roleArn" | "description" | "maxDurationSeconds" | "requiresApproval" | "deliveryMode"> & {
  account: { accountId: string; name: string };
};

/** A role as the person sees it; `grant` is their live grant for a role that needs approval. */
export function toUsable(r: Row, grant: { id: string; expiresAt: Date } | null = null): UsableRole {
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

export async function listUsableRoles(caller: UserCaller): Promise<ListedRole[]> {
  await requirePermission(caller, "roles.list");
  if (caller.groups.length === 0) return [];
  const [rows, grants, rules] = await Promise.all([
    db().awsRole.findMany({
      where: { allowedGroups: { hasSome: caller.groups } },
      select,
      orderBy: [{ account: { name: "asc" } }, { roleName: "asc" }],
    }),
    db().grant.findMany({
      where: { userId: caller.userId, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, awsRoleId: true, expiresAt: true, breakGlass: true },
      orderBy: { expiresAt: "asc" },
    }),
    loadRules(),
  ]);
  const byRole = new Map(grants.map((g) => [g.awsRoleId, g]));
  return rows.map((r) => {
    const grant = r.requiresApproval ? (byRole.get(r.id) ?? null) : null;
    const asks = canRequest(caller.groups, { kind: "ROLE_ACCESS", awsRoleId: r.id, awsAccountId: r.awsAccountId }, rules);
    return {
      ...toUsable(r, grant),
      breakGlassMaxSeconds: r.breakGlass ? r.breakGlassMaxSeconds : null,
      canRequest: asks.ok,
      requesterGroups: asks.ok ? [] : asks.requesterGroups,
      grantIsBreakGlass: grant?.breakGlass ?? false,
    };
  });
}
