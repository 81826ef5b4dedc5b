import "server-only";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { canRequest, type Rule } from "@/lib/approvals/approver-rules-match";
import { LIVE_GRANT } from "@/lib/approvals/live-grant";
import { preparedSql } from "@/lib/db";
import { timed } from "@/lib/http/server-timing";
import type { ListedRole } from "@/lib/credentials/roles";

// The roles a person may use, as the credentials page and GET /api/v1/aws-roles list them.
// At a large company one person reaches hundreds of roles in hundreds of accounts, so this is
// two prepared statements run side by side on the shared pool, whatever the count: the roles (matched
// on the GIN index of allowed_groups, each with the person's live grant joined in) and only
// the approval rules that can apply to them. No Prisma hydration, no per-role query.

/** A row as ROLES reads it: the listed role's own columns, and its grant's flat beside them. */
type RoleRow = Omit<ListedRole, "grant" | "canRequest" | "requesterGroups" | "grantIsBreakGlass"> & {
  awsAccountId: string;
  grantId: string | null;
  grantExpiresAt: Date | null;
  grantBreakGlass: boolean | null;
};

// The live grant shown is the one that lasts longest (grants only matter on roles that need one).
// The person's live grants are read once (the (user_id, aws_role_id, expires_at) index) and
// hash-joined, not looked up once per role: at 500 roles the per-role lookup was 1.9 ms.
// grants.expires_at is a UTC timestamp without zone (Prisma's DateTime): read as UTC.
const ROLES = `
  SELECT r.id, r.aws_account_id AS "awsAccountId", a.account_id AS "accountId", a.name AS "accountName",
         r.role_name AS "roleName", r.role_arn AS "roleArn", r.description, r.max_duration_seconds AS "maxDurationSeconds",
         r.requires_approval AS "requiresApproval", r.delivery_mode::text AS "deliveryMode",
         CASE WHEN r.break_glass THEN r.break_glass_max_seconds END AS "breakGlassMaxSeconds",
         g.id AS "grantId", g.expires_at AT TIME ZONE 'UTC' AS "grantExpiresAt", g.break_glass AS "grantBreakGlass"
    FROM aws_roles r
    JOIN aws_accounts a ON a.id = r.aws_account_id
    LEFT JOIN (
      SELECT DISTINCT ON (aws_role_id) aws_role_id, id, expires_at, break_glass FROM grants
       WHERE user_id = $2 AND ${LIVE_GRANT}
       ORDER BY aws_role_id, expires_at DESC
    ) g ON g.aws_role_id = r.id AND r.requires_approval
   WHERE r.allowed_groups && $1::text[]`;

// Rules of the roles above, of their accounts, and the global ones: the only tiers that decide.
// The person's roles are found once (the GIN index), not once per tier.
const RULES = `
  WITH mine AS MATERIALIZED (SELECT id, aws_account_id FROM aws_roles WHERE allowed_groups && $1::text[])
  SELECT aws_role_id AS "awsRoleId", aws_account_id AS "awsAccountId", kind::text AS kind,
         requester_groups AS "requesterGroups", approver_groups AS "approverGroups"
    FROM approval_rules
   WHERE (aws_role_id IS NULL AND aws_account_id IS NULL)
      OR aws_role_id IN (SELECT id FROM mine)
      OR (aws_role_id IS NULL AND aws_account_id IN (SELECT aws_account_id FROM mine))
   ORDER BY created_at`;

/**
 * The list's order: account name, account id, role name, by code point (as the "C" collation
 * would), whatever the database's collation. Sorted here rather than by ORDER BY: Postgres
 * then streams rows as it finds them, and at 500 roles its sort of the wide rows cost
 * 0.7–1.0 ms where this one costs 0.14 ms (bench/RESULTS.md §7, fifth session).
 */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function byAccountThenRole(a: RoleRow, b: RoleRow): number {
  return cmp(a.accountName, b.accountName) || cmp(a.accountId, b.accountId) || cmp(a.roleName, b.roleName);
}

/** Rules by scope, so each role looks at its own few rather than all of them. */
function indexRules(rules: Rule[]) {
  const byKey = new Map<string, Rule[]>();
  for (const r of rules) {
    const key = r.awsRoleId ? `r:${r.awsRoleId}` : r.awsAccountId ? `a:${r.awsAccountId}` : "*";
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const global = byKey.get("*") ?? [];
  // canRequest uses the most specific tier that has rules, so these are the rules it would pick from all.
  return (roleId: string, accountId: string) => [...(byKey.get(`r:${roleId}`) ?? []), ...(byKey.get(`a:${accountId}`) ?? []), ...global];
}

export async function listUsableRoles(caller: UserCaller): Promise<ListedRole[]> {
  await requirePermission(caller, "roles.list");
  if (caller.groups.length === 0) return [];
  const [rows, rules] = await timed(caller.request, "roles", () =>
    Promise.all([
      preparedSql<RoleRow>("roles_usable", ROLES, [caller.groups, caller.userId]),
      preparedSql<Rule>("roles_rules", RULES, [caller.groups]),
    ]),
  );
  const rulesFor = indexRules(rules);
  // Each field by name, not `{ awsAccountId, …, ...role }`: object rest copies through a slow
  // runtime path and leaves slow objects for the schema and JSON after it. At 500 roles that
  // was 2 ms of a 9.5 ms handler (bench/RESULTS.md §7, fourth session).
  rows.sort(byAccountThenRole);
  return rows.map((r) => {
    const asks = canRequest(
      caller.groups,
      { kind: "ROLE_ACCESS", awsRoleId: r.id, awsAccountId: r.awsAccountId },
      rulesFor(r.id, r.awsAccountId),
    );
    return {
      id: r.id,
      accountId: r.accountId,
      accountName: r.accountName,
      roleName: r.roleName,
      roleArn: r.roleArn,
      description: r.description,
      maxDurationSeconds: r.maxDurationSeconds,
      requiresApproval: r.requiresApproval,
      deliveryMode: r.deliveryMode,
      breakGlassMaxSeconds: r.breakGlassMaxSeconds,
      grant: r.grantId && r.grantExpiresAt ? { id: r.grantId, expiresAt: r.grantExpiresAt.toISOString() } : null,
      canRequest: asks.ok,
      requesterGroups: asks.ok ? [] : asks.requesterGroups,
      grantIsBreakGlass: r.grantBreakGlass ?? false,
    };
  });
}
