import "server-only";
import { env } from "@/lib/env";
import { sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { rolesFromGroups } from "@/lib/auth/roles";
import type { RequestMeta, UserCaller } from "@/lib/auth/caller";

/**
 * Resolves a browser session cookie to the signed-in user. Sessions live in Postgres
 * (revocable: deleting the row signs the browser out) and are looked up by hash.
 */
export async function callerFromSessionToken(token: string, request: RequestMeta): Promise<UserCaller | null> {
  if (!token || token.length > 512) return null;
  const row = await db().session.findUnique({
    where: { sessionToken: sha256Hex(token) },
    select: { expires: true, user: { select: { id: true, email: true, name: true, groups: true } } },
  });
  if (!row || row.expires.getTime() <= Date.now()) return null;
  const { adminGroups, managerGroups } = roleMapping();
  return {
    kind: "user",
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    groups: row.user.groups,
    roles: rolesFromGroups(row.user.groups, { adminGroups, managerGroups }),
    via: "session",
    request,
  };
}

export function roleMapping() {
  return { adminGroups: env().KEYLESS_ADMIN_GROUPS, managerGroups: env().KEYLESS_MANAGER_GROUPS };
}
