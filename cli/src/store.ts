import { createHash } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Credentials } from "./api-types.js";
import { readJson, withLock, writePrivateFile } from "./files.js";
import { configDir } from "./paths.js";

// What the CLI remembers, in its private config directory:
//   config.json   the server to use (kept after logout)
//   session.json  the CLI session: access and refresh tokens (0600)
//   cache/        credentials per role until 5 minutes before they expire (0600)

export type Session = {
  server: string;
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  sessionExpiresAt: string;
  user: { email: string; name: string | null };
};

type Config = { server?: string };

const dir = () => configDir();
const sessionFile = () => path.join(dir(), "session.json");
const configFile = () => path.join(dir(), "config.json");
const cacheDir = () => path.join(dir(), "cache");

export const readSession = () => readJson<Session>(sessionFile());
export const writeSession = (s: Session) => writePrivateFile(sessionFile(), `${JSON.stringify(s, null, 2)}\n`);
export const deleteSession = () => rm(sessionFile(), { force: true });
export const withSessionLock = <T>(fn: () => Promise<T>) => withLock(path.join(dir(), "session.lock"), fn);

export async function readServer(): Promise<string | null> {
  return (await readJson<Config>(configFile()))?.server ?? null;
}
export const writeServer = (server: string) => writePrivateFile(configFile(), `${JSON.stringify({ server }, null, 2)}\n`);

/** Credentials are reused until this long before they expire. */
export const CACHE_MARGIN_MS = 5 * 60_000;

function cacheFile(key: { server: string; email: string; role: string; duration: number | null }): string {
  const id = createHash("sha256").update(JSON.stringify(key)).digest("hex").slice(0, 32);
  return path.join(cacheDir(), `credentials-${id}.json`);
}

/** Cached credentials with more than the margin left, and when AWS issued them. */
export async function readCachedCredentials(
  key: Parameters<typeof cacheFile>[0],
  now = Date.now(),
): Promise<{ credentials: Credentials; issuedAt: number } | null> {
  const cached = await readJson<Credentials & { issuedAt?: string }>(cacheFile(key));
  if (!cached || typeof cached.expiration !== "string") return null;
  if (new Date(cached.expiration).getTime() - now <= CACHE_MARGIN_MS) return null;
  const { issuedAt, ...credentials } = cached;
  // Entries written by an older CLI carry no issue time: any revocation drops them.
  return { credentials, issuedAt: issuedAt ? new Date(issuedAt).getTime() : 0 };
}

export async function writeCachedCredentials(key: Parameters<typeof cacheFile>[0], credentials: Credentials): Promise<void> {
  const { accessKeyId, secretAccessKey, sessionToken, expiration, durationSeconds } = credentials;
  // The server's (AWS's) clock, not ours: compared with the server's revocation time.
  const issuedAt = durationSeconds
    ? new Date(new Date(expiration).getTime() - durationSeconds * 1000).toISOString()
    : new Date().toISOString();
  await writePrivateFile(cacheFile(key), JSON.stringify({ accessKeyId, secretAccessKey, sessionToken, expiration, issuedAt }));
}

const checkedFile = () => path.join(cacheDir(), "checked.json");

/** When the server last confirmed that cached credentials were not revoked (ms), or 0. */
export async function readCacheCheckedAt(): Promise<number> {
  return (await readJson<{ at?: number }>(checkedFile()))?.at ?? 0;
}

export const writeCacheCheckedAt = (at: number) => writePrivateFile(checkedFile(), JSON.stringify({ at }));

export async function clearCredentialCache(): Promise<void> {
  const files = await readdir(cacheDir()).catch(() => [] as string[]);
  await Promise.all(files.map((f) => rm(path.join(cacheDir(), f), { force: true })));
}

// Role references (<account id>/<role name>) for shell completion, written whenever the
// role list is fetched: completion reads them without a network call. Not secret, but
// private like the rest, and dropped with the credentials cache at logout.
const rolesFile = () => path.join(cacheDir(), "roles.json");
/** How long completion trusts the role list before asking the server again. */
export const ROLES_CACHE_MS = 10 * 60_000;
type RolesOwner = { server: string; email: string };

export async function readCachedRoleRefs(owner: RolesOwner, now = Date.now()): Promise<string[] | null> {
  const cached = await readJson<RolesOwner & { at?: number; roles?: unknown }>(rolesFile());
  if (!cached || cached.server !== owner.server || cached.email !== owner.email) return null;
  if (typeof cached.at !== "number" || now - cached.at > ROLES_CACHE_MS || !Array.isArray(cached.roles)) return null;
  return cached.roles.filter((r): r is string => typeof r === "string");
}

export const writeCachedRoleRefs = (owner: RolesOwner, roles: readonly string[], now = Date.now()) =>
  writePrivateFile(rolesFile(), JSON.stringify({ server: owner.server, email: owner.email, at: now, roles }));
