import "server-only";
import type { RequestMeta, UserCaller } from "@/lib/auth/caller";
import { rolesFromGroups } from "@/lib/auth/roles";
import { hashToken, isTokenOfKind } from "@/lib/cli-auth/codes";
import { TOUCH_INTERVAL_MS } from "@/lib/cli-auth/tokens";
import { preparedSql } from "@/lib/db";
import { env } from "@/lib/env";
import { UnauthorizedError } from "@/lib/errors";
import { groupsAreCurrent, STALE_GROUPS_MESSAGE } from "@/lib/lifecycle/freshness";

// Who is asking: a browser session cookie or a CLI access token, resolved in one SQL
// fragment, the CTE `caller`. Every request's lookup runs it on its own (lookupCaller); the
// credential-vending path runs it inside its single statement with the role, the grant and
// the rate limit (lib/credentials/preflight.ts), so issuance makes one round trip before STS.
// Both kinds check in SQL what the row says (expiry, revocation, the person's status, the
// idle timeout) and write "last seen / last used" at most once a minute in the same statement.

/** What a request presented, before it is looked up. `resolved` is set once it is (for logs). */
export type CallerCredential = { kind: "session" | "token"; token: string; request: RequestMeta; resolved?: UserCaller };

export type CallerRow = {
  id: string;
  email: string;
  name: string | null;
  groups: string[];
  status: string;
  source: string;
  groups_checked_at: Date | string | null;
  token_id: string | null;
};

const PERSON = `u.id, u.email, u.name, u.groups, u.status::text AS status, u.source::text AS source, u.groups_checked_at`;

/**
 * The `caller AS (…)` CTE (with its helpers before it) for `credential`, its parameters
 * numbered from `$first`. Fixed texts (three variants), so callers may prepare them.
 */
export function callerCte(credential: CallerCredential, first: number): { text: string; params: unknown[]; variant: string } {
  const p = (i: number) => `$${first + i}`;
  if (credential.kind === "token") {
    return {
      variant: "t",
      params: [hashToken(credential.token), credential.request.ip],
      text: `tok AS (
          SELECT c.id AS token_id, c.last_used_at, c.last_ip, ${PERSON}
            FROM cli_sessions c JOIN users u ON u.id = c.user_id
           WHERE c.access_token_hash = ${p(0)} AND c.revoked_at IS NULL AND c.expires_at > now() AND c.access_expires_at > now()
        ), tok_touch AS (
          UPDATE cli_sessions SET last_used_at = now(), last_ip = coalesce(${p(1)}::text, cli_sessions.last_ip) FROM tok
           WHERE cli_sessions.id = tok.token_id AND tok.status = 'active'
             AND (tok.last_used_at IS NULL OR tok.last_used_at <= now() - make_interval(secs => ${TOUCH_INTERVAL_MS / 1000})
                  OR (${p(1)}::text IS NOT NULL AND ${p(1)}::text IS DISTINCT FROM tok.last_ip))
        ), caller AS (
          SELECT id, email, name, groups, status, source, groups_checked_at, token_id FROM tok
        )`,
    };
  }
  const idleMinutes = env().KEYLESS_SESSION_IDLE_MINUTES;
  const idle = idleMinutes > 0;
  return {
    variant: idle ? "si" : "s",
    params: idle ? [hashToken(credential.token), idleMinutes] : [hashToken(credential.token)],
    text: `ses AS (
        SELECT s.id AS session_id, s.last_seen_at, ${PERSON}
          FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.session_token_hash = ${p(0)} AND s.expires > now() AND u.status = 'active'
           ${idle ? `AND s.last_seen_at > now() - make_interval(mins => ${p(1)})` : ""}
      ), ses_touch AS (
        UPDATE sessions SET last_seen_at = now() FROM ses
         WHERE sessions.id = ses.session_id AND ses.last_seen_at < now() - interval '1 minute'
      ), caller AS (
        SELECT id, email, name, groups, status, source, groups_checked_at, NULL::text AS token_id FROM ses
      )`,
  };
}

/** Why this person may not use a CLI session now (access ended, groups unconfirmed), or null. */
export function personRefusal(
  person: { status: string; source: string; groupsCheckedAt: Date | null },
  now: Date = new Date(),
): string | null {
  if (person.status !== "active") return "Your access to Keyless has ended. Ask an administrator if this is unexpected.";
  const policy = {
    sessionMaxAgeHours: env().KEYLESS_SESSION_MAX_AGE_HOURS,
    refreshMinutes: env().KEYLESS_GROUPS_REFRESH_MINUTES,
    scimEnabled: Boolean(env().KEYLESS_SCIM_TOKEN),
  };
  if (!groupsAreCurrent({ source: person.source as "sso" | "scim", groupsCheckedAt: person.groupsCheckedAt }, policy, now)) {
    return STALE_GROUPS_MESSAGE;
  }
  return null;
}

/**
 * The caller a looked-up row names, or null when there is none. A CLI token whose person's
 * access ended, or whose groups nobody confirmed for too long, is refused with the reason
 * (401: the CLI shows it and drops what it cached).
 */
export function callerFromRow(row: CallerRow | null | undefined, credential: CallerCredential): UserCaller | null {
  if (!row) return null;
  if (credential.kind === "token") {
    const checkedAt = row.groups_checked_at === null ? null : new Date(row.groups_checked_at);
    const refusal = personRefusal({ status: row.status, source: row.source, groupsCheckedAt: checkedAt });
    if (refusal) throw new UnauthorizedError(refusal);
  }
  const caller = callerFromUser(row, credential.kind === "token" ? "token" : "session", credential.request);
  if (row.token_id) caller.tokenId = row.token_id;
  credential.resolved = caller;
  return caller;
}

/** The 401 for a request whose credential names nobody (the CLI is told to sign in again). */
export function unauthenticated(credential: CallerCredential | null): UnauthorizedError {
  return credential?.kind === "token"
    ? new UnauthorizedError("The token is invalid, expired or revoked. Run `keyless login`.")
    : new UnauthorizedError();
}

/** A token that cannot be one of ours is not looked up at all. */
export function plausible(credential: CallerCredential): boolean {
  if (!credential.token || credential.token.length > 512) return false;
  return credential.kind === "session" || isTokenOfKind(credential.token, "access");
}

/** A browser session cookie's person (kept for callers that hold only the cookie's value). */
export async function callerFromSessionToken(token: string, request: RequestMeta): Promise<UserCaller | null> {
  return lookupCaller({ kind: "session", token, request });
}

/** Resolves a credential on its own: one prepared statement. */
export async function lookupCaller(credential: CallerCredential): Promise<UserCaller | null> {
  if (!plausible(credential)) return null;
  const cte = callerCte(credential, 1);
  const [row] = await preparedSql<CallerRow>(`caller_${cte.variant}`, `WITH ${cte.text} SELECT * FROM caller`, cte.params);
  return callerFromRow(row, credential);
}

/** A signed-in person as the data access layer sees them: roles from their groups by the configured mapping. */
export function callerFromUser(
  user: { id: string; email: string; name: string | null; groups: string[] },
  via: UserCaller["via"],
  request: RequestMeta,
): UserCaller {
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    groups: user.groups,
    roles: rolesFromGroups(user.groups, roleMapping()),
    via,
    request,
  };
}

export function roleMapping() {
  return { adminGroups: env().KEYLESS_ADMIN_GROUPS, managerGroups: env().KEYLESS_MANAGER_GROUPS };
}
