import "server-only";
import type { VendAction } from "@/lib/audit/actions";
import { auditRefusal } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { callerCte, callerFromRow, plausible, unauthenticated, type CallerCredential, type CallerRow } from "@/lib/auth/session-lookup";
import { LIVE_GRANT } from "@/lib/approvals/live-grant";
import { ISSUANCE_KEY_PREFIX, issuanceLimits, ISSUANCE_WINDOW_SECONDS, refuseIssuance } from "@/lib/credentials/rate-limit";
import { toUsable, type UsableRole } from "@/lib/credentials/roles";
import { preparedSql } from "@/lib/db";
import { env } from "@/lib/env";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { activeLimits, countingSql, refuseOverLimit, type CounterRow } from "@/lib/rate-limit/limiter";

// Everything issuance checks in the database before it calls STS, in ONE prepared statement
// (one round trip on the vending path, bench/RESULTS.md §1): who is asking (the session
// cookie or CLI token, lib/auth/session-lookup.ts), the role and its account, the person's
// live grant for a role that needs approval, whether their sessions on it were revoked in
// the last seconds, and the rate limiter's counters, counted here.

/** A usable role as issuance needs it: with the person's revocation on it from the last seconds. */
export type VendableRole = UsableRole & { recentRevocation: Date | null };

/** Who asks for credentials: a request's credential, resolved here, or a caller resolved before (tests, jobs). */
export type Asker = UserCaller | CallerCredential;

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
  caller: CallerRow | null;
};

// $1 role id, $2/$3 whether the per-token / per-person limits are on, $4 the window, then
// the caller CTE's own. The counters are counted whatever the role turns out to be (a
// data-modifying CTE always runs): a client probing roles it may not use is limited like
// any other. The keys come out sorted (token before user), as the limiter needs.
const preflightSql = (caller: string) => `
  WITH ${caller}, role AS (
    SELECT r.id, r.role_name, r.role_arn, r.description, r.max_duration_seconds, r.requires_approval,
           r.delivery_mode::text AS delivery_mode, r.allowed_groups, a.account_id, a.name AS account_name,
           (SELECT max(v.revoked_before) FROM aws_session_revocations v
             WHERE v.role_arn = r.role_arn AND v.user_id = (SELECT id FROM caller)
               AND v.revoked_before > now() - interval '3 seconds') AS recent_revocation
      FROM aws_roles r JOIN aws_accounts a ON a.id = r.aws_account_id WHERE r.id = $1
  ), live_grant AS (
    SELECT id, expires_at FROM grants
     WHERE aws_role_id = (SELECT id FROM role WHERE requires_approval) AND user_id = (SELECT id FROM caller) AND ${LIVE_GRANT}
     ORDER BY expires_at DESC LIMIT 1
  ), counted AS (${countingSql(
    `(SELECT k FROM caller, LATERAL (VALUES
        (CASE WHEN $2::bool AND caller.token_id IS NOT NULL THEN '${ISSUANCE_KEY_PREFIX.token}' || caller.token_id END),
        (CASE WHEN $3::bool THEN '${ISSUANCE_KEY_PREFIX.user}' || caller.id END)) AS key(k) WHERE k IS NOT NULL) AS keys`,
    "$4",
  )})
  SELECT role.*, live_grant.id AS grant_id, live_grant.expires_at AS grant_expires_at,
         (SELECT coalesce(json_agg(counted), '[]') FROM counted) AS counters,
         (SELECT row_to_json(caller) FROM caller) AS caller
    FROM (SELECT 1) AS one LEFT JOIN role ON true LEFT JOIN live_grant ON true`;

/** For a caller resolved before: only what the statement joins on. */
function knownCallerCte(caller: UserCaller, first: number) {
  return {
    variant: "k",
    text: `caller AS (SELECT $${first}::text AS id, $${first + 1}::text AS token_id)`,
    params: [caller.userId, caller.tokenId ?? null],
  };
}

/**
 * Who asks, and the role if they may use it now, with one request counted against their
 * limits. Nobody (a credential that names no one) → 401; without the permission `action`
 * → 403; over a limit → 429 (the first of a burst audited); unknown id → 404; a role not
 * mapped to their groups → 403 (audited); a role that needs approval and no live grant →
 * 403 saying so.
 */
export async function requireVendableRole(
  asker: Asker,
  roleId: string,
  action: VendAction,
): Promise<{ caller: UserCaller; role: VendableRole }> {
  const known = asker.kind === "user" ? asker : null;
  const credential = asker.kind === "user" ? null : asker;
  if (credential && !plausible(credential)) throw unauthenticated(credential);
  const cte = asker.kind === "user" ? knownCallerCte(asker, 5) : callerCte(asker, 5);
  const e = env();
  const [row] = await preparedSql<Row>(`preflight_${cte.variant}`, preflightSql(cte.text), [
    roleId,
    e.KEYLESS_CREDENTIALS_RATE_LIMIT_PER_MINUTE > 0,
    e.KEYLESS_CREDENTIALS_USER_RATE_LIMIT_PER_MINUTE > 0,
    ISSUANCE_WINDOW_SECONDS,
    ...cte.params,
  ]);
  const caller = credential ? callerFromRow(row?.caller, credential) : known;
  if (!caller) throw unauthenticated(credential);
  await requirePermission(caller, action);
  const limits = activeLimits(issuanceLimits(caller));
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
  return { caller, role: { ...usable, recentRevocation: row.recent_revocation } };
}
