import "server-only";
import pg from "pg";
import { checkout, pool, survivable } from "@/lib/db";
import { env } from "@/lib/env";

// The one liveness-lock primitive (ADR 012): a Postgres session-level advisory lock, keyed by
// (namespace, hashtext(key)), held on a connection of its own for as long as someone works
// on the thing. Postgres frees it the moment that session ends, so a worker killed with
// SIGKILL (or a lost host) frees its locks at once: a free lock on something marked "in
// hand" means nobody is working on it. Three uses: `withLock` (one holder at a time: a
// rotation per integration, a sync per account, a policy write per role), `freeAmong` (the
// recovery passes' free/busy probe) and `jobHolds()` in ./holds.ts (a job in hand).

/** First key of the two-int form: keeps each kind of lock apart from the others. */
export const LOCK_NAMESPACES = {
  job: 0x6b6c_6a62, // "kljb": a pg-boss job in hand (./holds.ts)
  integration: 40_404, // a rotation running on an integration
  account: 0x6b6c_7331, // "kls1": an AWS account's inventory sync
  role: 0x6b6c_7276, // "klrv": writing a role's revocation policy
} as const;
export type LockNamespace = keyof typeof LOCK_NAMESPACES;

const TRY = "SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok";
export const LOCK_SQL = "SELECT pg_advisory_lock($1, hashtext($2))";
export const UNLOCK_SQL = "SELECT pg_advisory_unlock($1, hashtext($2))";
const RETRY_MS = 200;

/** Thrown by `assertHeld` when the lock's session died under the work (Postgres restarted). */
export class LockLostError extends Error {
  override name = "LockLostError";
  constructor(what: string) {
    super(`lost the lock on ${what} (its database session ended); stopping so that nobody runs it twice`);
  }
}

/** Thrown by `withLockOrThrow` when someone else held the lock for the whole wait. */
export class LockBusyError extends Error {
  override name = "LockBusyError";
  constructor(what: string) {
    super(`${what} is locked by another worker; gave up waiting`);
  }
}

/** Lets the work check, between writes, that it still holds the lock. */
export type LockHold = { assertHeld(): void };
export type Locked<T> = { acquired: true; value: T } | { acquired: false };
export type LockSpec = { namespace: LockNamespace; key: string; what: string; lostError?: () => Error };

/** The locks Keyless takes, by what they guard. */
export const lockOn = {
  integration: (id: string): LockSpec => ({ namespace: "integration", key: id, what: `integration ${id}` }),
  account: (id: string): LockSpec => ({ namespace: "account", key: id, what: `account ${id}` }),
  role: (arn: string): LockSpec => ({ namespace: "role", key: arn, what: `role ${arn}` }),
};

// Connections of their own (a lock must stay on one connection for the whole run), pooled
// so a job does not pay for a new connection.
const globalForLocks = globalThis as unknown as { keylessLockPool?: pg.Pool };
function lockPool(): pg.Pool {
  globalForLocks.keylessLockPool ??= survivable(
    new pg.Pool({
      connectionString: env().DATABASE_URL,
      application_name: "keyless-lock",
      max: 20,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    }),
    "liveness-lock",
  );
  return globalForLocks.keylessLockPool;
}

/**
 * Runs `fn` holding the lock, or reports that someone else holds it. With `waitMs`, keeps
 * trying that long first (a recovery pass holds a lock only for moments).
 */
export async function withLock<T>(
  lock: LockSpec,
  fn: (hold: LockHold) => Promise<T>,
  options: { waitMs?: number } = {},
): Promise<Locked<T>> {
  const id = LOCK_NAMESPACES[lock.namespace];
  const { client, release, lost } = await checkout(lockPool(), "liveness-lock");
  let broken = false;
  try {
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      const { rows } = await client.query<{ ok: boolean }>(TRY, [id, lock.key]);
      if (rows[0]?.ok) break;
      if (Date.now() >= deadline) return { acquired: false };
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
    try {
      // If the session ends, Postgres has released the lock and someone else may take the
      // work over: it must stop at its next check instead of carrying on unlocked.
      const hold = {
        assertHeld: () => {
          if (lost()) throw lock.lostError?.() ?? new LockLostError(lock.what);
        },
      };
      return { acquired: true, value: await fn(hold) };
    } finally {
      // A connection that cannot unlock must not go back to the pool still holding the lock.
      await client.query(UNLOCK_SQL, [id, lock.key]).catch(() => (broken = true));
    }
  } finally {
    release(broken);
  }
}

/** `withLock` for work that must run: waits up to `waitMs`, then fails (the job retries). */
export async function withLockOrThrow<T>(lock: LockSpec, fn: (hold: LockHold) => Promise<T>, waitMs: number): Promise<T> {
  const locked = await withLock(lock, fn, { waitMs });
  if (!locked.acquired) throw new LockBusyError(lock.what);
  return locked.value;
}

/** The keys among these whose lock nobody holds right now (the recovery passes' probe). */
export async function freeAmong(namespace: LockNamespace, keys: string[]): Promise<Set<string>> {
  const free = new Set<string>();
  if (keys.length === 0) return free;
  const id = LOCK_NAMESPACES[namespace];
  const { client, release } = await checkout(pool(), "liveness-probe");
  let broken = false;
  try {
    for (const key of keys) {
      const { rows } = await client.query<{ ok: boolean }>(TRY, [id, key]);
      if (!rows[0]?.ok) continue;
      free.add(key);
      // A connection that cannot let go of a lock must not go back to the pool holding it.
      await client.query(UNLOCK_SQL, [id, key]).catch(() => (broken = true));
      if (broken) break;
    }
    return free;
  } finally {
    release(broken);
  }
}
