import { rolesFrom } from "../credentials.js";
import { requestJson } from "../http.js";
import { roleReference } from "../profiles.js";
import { readCachedRoleRefs, readSession, writeCachedRoleRefs } from "../store.js";

// Role names for completion: from the short-lived cache that `keyless roles`, `configure`
// and credential calls write; otherwise from the server, but only with an access token that
// is still valid (a refresh would take the session lock and could wait) and a short timeout.

const SERVER_TIMEOUT_MS = 2_500;

export async function completionRoles(now = Date.now()): Promise<string[]> {
  const session = await readSession();
  if (!session) return [];
  const owner = { server: session.server, email: session.user.email };
  const cached = await readCachedRoleRefs(owner, now);
  if (cached) return cached;
  if (new Date(session.accessTokenExpiresAt).getTime() - now < 5_000) return [];
  const data = await requestJson<unknown>(session.server, "GET", "/api/v1/aws-roles", {
    token: session.accessToken,
    timeoutMs: SERVER_TIMEOUT_MS,
  });
  const refs = rolesFrom(data).map(roleReference);
  await writeCachedRoleRefs(owner, refs, now).catch(() => undefined);
  return refs;
}
