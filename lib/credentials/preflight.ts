import "server-only";
import type { VendAction } from "@/lib/audit/actions";
import { auditRefusal } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { LIVE_GRANT } from "@/lib/approvals/live-grant";
import { issuanceLimits, ISSUANCE_WINDOW_SECONDS, refuseIssuance } from "@/lib/credentials/rate-limit";
import { toUsable, type UsableRole } from "@/lib/credentials/roles";
import { sql } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { activeLimits, countingSql, refuseOverLimit, type CounterRow } from "@/lib/rate-limit/limiter";

// Everything issuance checks in the database before it calls STS, in ONE statement (one
// round trip on the vending path, bench/RESULTS.md §1): the role and its account, the
// person's live grant for a role that needs approval, whether their sessions on it were
// revoked in the last seconds, and the rate limiter's counters, counted here. The caller
// (session or CLI token, the person's status) was resolved by the route before.

/** A usable role as issuance needs it: with the person's revocation on it from the last seconds. */
export type VendableRole = UsableRole & { recentRevocation: Date | null };

type Row = {
  id: string | null;
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
  grant_id: string | null;
  grant_expires_at: Date | null;
  counters: CounterRow[];
};

// The counters are counted whatever the role turns out to be (a data-modifying CTE always
// runs): a client probing roles it may not use is limited like any other.
const PREFLIGHT = `
  WITH role AS (
    SELECT r.id, r.role_name, r.role_arn, r.description, r.max_duration_seconds, r.requires_approval,
           r.delivery_mode::text AS delivery_mode, r.allowed_groups, a.account_id, a.name AS account_name,
           (SELECT max(v.revoked_before) FROM aws_session_revocations v
             WHERE v.role_arn = r.role_arn AND v.user_id = $2 AND v.revoked_before > now() - interval '3 seconds') AS recent_revocation
      FROM aws_roles r JOIN aws_accounts a ON a.id = r.aws_account_id WHERE r.id = $1
  ), live_grant AS (
    SELECT id, expires_at FROM grants
     WHERE aws_role_id = (SELECT id FROM role WHERE requires_approval) AND user_id = $2 AND ${LIVE_GRANT}
     ORDER BY expires_at DESC LIMIT 1
  ), counted AS (${countingSql("$3", "$4")})
  SELECT role.*, live_grant.id AS grant_id, live_grant.expires_at AS grant_expires_at,
         (SELECT coalesce(json_agg(counted), '[]') FROM counted) AS counters
    FROM (SELECT 1) AS one LEFT JOIN role ON true LEFT JOIN live_grant ON true`;

/**
 * The role, if this person may use it now, with one request counted against their limits.
 * Over a limit → 429 (the first of a burst audited); unknown id → 404; a role not mapped to
 * their groups → 403 (audited); a role that needs approval and no live grant → 403 saying so.
 */
export async function requireVendableRole(caller: UserCaller, roleId: string, action: VendAction): Promise<VendableRole> {
  const limits = activeLimits(issuanceLimits(caller));
  const [row] = await sql<Row>(PREFLIGHT, [roleId, caller.userId, limits.keys, ISSUANCE_WINDOW_SECONDS]);
  try {
    refuseOverLimit(row?.counters ?? [], limits.limits, ISSUANCE_WINDOW_SECONDS);
  } catch (error) {
    await refuseIssuance(caller, action, error);
  }
  if (!row?.id) throw new NotFoundError("The role");
  const target = { type: "aws_role", id: row.role_arn };
  if (!row.allowed_groups.some((g) => caller.groups.includes(g))) {
    await auditRefusal(caller, action, { target, details: { reason: "not mapped to the caller's groups" } });
    throw new ForbiddenError("You may not use this role: none of your groups is mapped to it.");
  }
  if (row.requires_approval && !row.grant_id) {
    await auditRefusal(caller, action, { target, details: { reason: "requires approval" } });
    throw new ForbiddenError("This role requires approval: request time-bound access and a manager will review it.", {
      reason: "approval-required",
    });
  }
  const grant = row.grant_id && row.grant_expires_at ? { id: row.grant_id, expiresAt: row.grant_expires_at } : null;
  const usable = toUsable(
    {
      id: row.id,
      roleName: row.role_name,
      roleArn: row.role_arn,
      description: row.description,
      maxDurationSeconds: row.max_duration_seconds,
      requiresApproval: row.requires_approval,
      deliveryMode: row.delivery_mode,
      account: { accountId: row.account_id, name: row.account_name },
    },
    grant,
  );
  return { ...usable, recentRevocation: row.recent_revocation };
}
