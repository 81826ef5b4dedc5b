import type { AwsRole, Credentials } from "./api-types.js";
import { CREDENTIALS_SHAPE, expectShape, ROLE_SHAPE } from "./api-types.js";
import { signedInClient, type Client } from "./client.js";
import { CliError, EXIT, notSignedIn } from "./errors.js";
import { say } from "./output.js";
import { findRole } from "./roles.js";
import { readCachedCredentials, readServer, readSession, writeCachedCredentials } from "./store.js";

export async function listRoles(client: Client): Promise<AwsRole[]> {
  const roles = await client.call<unknown>("GET", "/api/v1/aws-roles");
  if (!Array.isArray(roles)) throw new Error("Keyless sent an unexpected role list.");
  return roles.map((r) => expectShape<AwsRole>(r, ROLE_SHAPE, "role"));
}

export async function resolveRole(client: Client, ref: string): Promise<AwsRole> {
  const match = findRole(await listRoles(client), ref);
  if ("error" in match) throw new CliError(match.error, "Run `keyless roles` to see the roles you may use.", EXIT.refused);
  return match.role;
}

/**
 * Credentials for a role: from the cache while they have more than 5 minutes left (no
 * network at all), otherwise fresh from Keyless, then cached.
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
    if (cached) return { credentials: cached, label: ref };
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
