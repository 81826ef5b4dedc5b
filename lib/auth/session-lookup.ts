import "server-only";
import { env } from "@/lib/env";
import { sha256Hex } from "@/lib/crypto";
import { sql } from "@/lib/db";
import { rolesFromGroups } from "@/lib/auth/roles";
import type { RequestMeta, UserCaller } from "@/lib/auth/caller";

/**
 * Resolves a browser session cookie to the signed-in user. Sessions live in Postgres
 * (revocable: deleting the row signs the browser out) and are looked up by hash. A session
 * ends at its fixed expiry, when its person's access ended (status), and, with the idle
 * timeout on, after that long without a request; "last seen" is written at most once a minute.
 */
export async function callerFromSessionToken(token: string, request: RequestMeta): Promise<UserCaller | null> {
  if (!token || token.length > 512) return null;
  const idleMinutes = env().KEYLESS_SESSION_IDLE_MINUTES;
  // Every request runs this: one statement on the shared pool (lib/db.ts).
  const [row] = await sql<{ id: string; email: string; name: string | null; groups: string[] }>(
    idleMinutes > 0
      ? `WITH s AS (
           SELECT s.id AS session_id, s.last_seen_at, u.id, u.email, u.name, u.groups FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.session_token_hash = $1 AND s.expires > now() AND u.status = 'active'
              AND s.last_seen_at > now() - make_interval(mins => $2)
         ), touched AS (
           UPDATE sessions SET last_seen_at = now() FROM s WHERE sessions.id = s.session_id AND s.last_seen_at < now() - interval '1 minute'
         )
         SELECT id, email, name, groups FROM s`
      : `SELECT u.id, u.email, u.name, u.groups FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.session_token_hash = $1 AND s.expires > now() AND u.status = 'active'`,
    idleMinutes > 0 ? [sha256Hex(token), idleMinutes] : [sha256Hex(token)],
  );
  if (!row) return null;
  return callerFromUser(row, "session", request);
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
