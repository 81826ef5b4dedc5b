import "server-only";
import { env } from "@/lib/env";
import { sha256Hex } from "@/lib/crypto";
import { sql } from "@/lib/db";
import { rolesFromGroups } from "@/lib/auth/roles";
import type { RequestMeta, UserCaller } from "@/lib/auth/caller";

/**
 * Resolves a browser session cookie to the signed-in user. Sessions live in Postgres
 * (revocable: deleting the row signs the browser out) and are looked up by hash.
 */
export async function callerFromSessionToken(token: string, request: RequestMeta): Promise<UserCaller | null> {
  if (!token || token.length > 512) return null;
  // Every request runs this: one indexed query on the shared pool (lib/db.ts).
  const [row] = await sql<{ id: string; email: string; name: string | null; groups: string[] }>(
    `SELECT u.id, u.email, u.name, u.groups FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.session_token_hash = $1 AND s.expires > now()`,
    [sha256Hex(token)],
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
  return { kind: "user", userId: user.id, email: user.email, name: user.name, groups: user.groups, roles: rolesFromGroups(user.groups, roleMapping()), via, request };
}

export function roleMapping() {
  return { adminGroups: env().KEYLESS_ADMIN_GROUPS, managerGroups: env().KEYLESS_MANAGER_GROUPS };
}
