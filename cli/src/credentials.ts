import type { AwsRole, Credentials, Me } from "./api-types.js";
import { CREDENTIALS_SHAPE, expectShape, ME_SHAPE, ROLE_SHAPE } from "./api-types.js";
import { signedInClient, type Client } from "./client.js";
import { CliError, EXIT, notSignedIn } from "./errors.js";
import { say } from "./output.js";
import { roleReference } from "./profiles.js";
import { findRole } from "./roles.js";
import {
  clearCredentialCache,
  readCachedCredentials,
  readCacheCheckedAt,
  readServer,
  readSession,
  writeCacheCheckedAt,
  writeCachedCredentials,
  writeCachedRoleRefs,
} from "./store.js";

/** Cached credentials are re-confirmed with the server at most this often (KEYLESS_CREDENTIAL_CHECK_SECONDS, default 60). */
function cacheCheckMs(env: Record<string, string | undefined> = process.env): number {
  const seconds = Number(env.KEYLESS_CREDENTIAL_CHECK_SECONDS ?? "60");
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 60_000;
}

/** Checks a role list from the server (which may be another version than this CLI). */
export function rolesFrom(data: unknown): AwsRole[] {
  if (!Array.isArray(data)) throw new Error("Keyless sent an unexpected role list.");
  return data.map((r) => expectShape<AwsRole>(r, ROLE_SHAPE, "role"));
}

/** The person's roles; remembered briefly for shell completion (`keyless __complete roles`). */
export async function listRoles(client: Client): Promise<AwsRole[]> {
  const roles = rolesFrom(await client.call<unknown>("GET", "/api/v1/aws-roles"));
  // Completion is a convenience: a cache that cannot be written must not fail the command.
  await writeCachedRoleRefs({ server: client.session.server, email: client.session.user.email }, roles.map(roleReference)).catch(
    () => undefined,
  );
  return roles;
}

export async function resolveRole(client: Client, ref: string): Promise<AwsRole> {
  const match = findRole(await listRoles(client), ref);
  if ("error" in match) throw new CliError(match.error, "Run `keyless roles` to see the roles you may use.", EXIT.refused);
  return match.role;
}

/**
 * Whether cached credentials issued at `issuedAt` may still be used. At most once a minute the
 * server is asked: a session that ended (person suspended, CLI session revoked) or a
 * revocation of the person's AWS sessions after that moment drops the cache. Offline, the
 * cache is used: AWS itself refuses revoked sessions (KeylessRevokedSessions).
 */
async function cacheStillGood(issuedAt: number): Promise<boolean> {
  if (Date.now() - (await readCacheCheckedAt()) < cacheCheckMs()) return true;
  let me: Me;
  try {
    const client = await signedInClient();
    me = expectShape<Me>(await client.call("GET", "/api/v1/me"), ME_SHAPE, "identity");
  } catch (error) {
    if (error instanceof CliError && error.exitCode === EXIT.unreachable) return true;
    // Signed out by the server: nothing cached may be used any more.
    if (error instanceof CliError && error.exitCode === EXIT.signIn) await clearCredentialCache();
    throw error;
  }
  if (me.awsSessionsRevokedAt && new Date(me.awsSessionsRevokedAt).getTime() >= issuedAt) {
    await clearCredentialCache();
    say("keyless: your AWS sessions were revoked; getting new credentials.");
    return false;
  }
  await writeCacheCheckedAt(Date.now());
  return true;
}

/**
 * Credentials for a role: from the cache while they have more than 5 minutes left (and the
 * server has not revoked them, checked at most once a minute), otherwise fresh from
 * Keyless, then cached.
 */
export async function credentialsFor(
  ref: string,
  options: { durationSeconds?: number; cache: boolean },
): Promise<{ credentials: Credentials; label: string }> {
  const session = await readSession();
  if (!session) throw notSignedIn(await readServer());
  const key = { server: session.server, email: session.user.email, role: ref, duration: options.durationSeconds ?? null };
  if (options.cache) {
    const cached = await readCachedCredentials(key);
    if (cached && (await cacheStillGood(cached.issuedAt))) return { credentials: cached.credentials, label: ref };
  }
  const client = await signedInClient();
  const role = await resolveRole(client, ref);
  const credentials = expectShape<Credentials>(
    await client.call("POST", "/api/v1/credentials", {
      roleId: role.id,
      ...(options.durationSeconds ? { durationSeconds: options.durationSeconds } : {}),
    }),
    CREDENTIALS_SHAPE,
    "credentials response",
  );
  if (credentials.cappedReason) say(`keyless: ${credentials.cappedReason}`);
  if (options.cache) await writeCachedCredentials(key, credentials);
  return { credentials, label: `${role.accountName}/${role.roleName}` };
}
