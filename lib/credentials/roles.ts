import "server-only";

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

/** A role as the lookups read it: the role's own columns, with its account beside them. */
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
