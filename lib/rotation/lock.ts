import "server-only";
import pg from "pg";
import { checkout, survivable } from "@/lib/db";
import { env } from "@/lib/env";

// One rotation per integration at a time, across every worker: a Postgres session-level
// advisory lock held on a dedicated connection for as long as a handler works on the
// integration. Postgres releases it when that connection ends, so a worker killed with
// SIGKILL frees it at once; a free lock on a rotation marked running therefore means
// nobody is working on it (lib/rotation/recover.ts relies on this).

const LOCK_CLASS = 40_404; // namespaces these locks (first key of the two-int form)

// Connections of their own (a lock must stay on one connection for the handler's whole
// run), pooled so a job does not pay for a new connection.
const globalForLocks = globalThis as unknown as { keylessLockPool?: pg.Pool };
function lockPool(): pg.Pool {
  globalForLocks.keylessLockPool ??= survivable(
    new pg.Pool({
      connectionString: env().DATABASE_URL,
      application_name: "keyless-rotation-lock",
      max: 20,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    }),
    "rotation-lock",
  );
  return globalForLocks.keylessLockPool;
}

export type Locked<T> = { acquired: true; value: T } | { acquired: false };

/** Thrown when the lock's connection died under a running handler (Postgres restarted). */
export class LockLostError extends Error {
  override name = "LockLostError";
  constructor(integrationId: string) {
    super(`lost the advisory lock on integration ${integrationId} (its database session ended); stopping so that nobody runs it twice`);
  }
}

/** Lets a handler check, between steps, that it still holds the lock. */
export type LockHold = { assertHeld(): void };

/**
 * Runs `fn` holding the integration's lock, or reports that someone else holds it. With
 * `waitMs`, keeps trying that long first (the recovery pass holds it only for moments).
 */
export async function withIntegrationLock<T>(
  integrationId: string,
  fn: (hold: LockHold) => Promise<T>,
  options: { waitMs?: number } = {},
): Promise<Locked<T>> {
  const { client, release, lost } = await checkout(lockPool(), "rotation-lock");
  let broken = false;
  try {
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [
        LOCK_CLASS,
        integrationId,
      ]);
      if (rows[0]?.ok) break;
      if (Date.now() >= deadline) return { acquired: false };
      await new Promise((r) => setTimeout(r, 200));
    }
    try {
      // If the session ends (Postgres restarted), Postgres has released the lock and a
      // recovery pass may hand the rotation to another worker: the handler must stop at
      // its next step instead of carrying on unlocked.
      const hold = {
        assertHeld: () => {
          if (lost()) throw new LockLostError(integrationId);
        },
      };
      return { acquired: true, value: await fn(hold) };
    } finally {
      // A connection that cannot unlock must not go back to the pool still holding the lock.
      await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_CLASS, integrationId]).catch(() => (broken = true));
    }
  } finally {
    release(broken);
  }
}
