import "server-only";
import pg from "pg";
import { survivable } from "@/lib/db";
import { env } from "@/lib/env";

// One holder at a time for a named thing (an AWS account's sync, a role's policy), across
// every worker and app instance: a Postgres advisory lock held on a dedicated connection
// for as long as `fn` runs. If the holder's connection dies, Postgres releases the lock:
// the work must then stop writing (`hold.assertHeld()` throws), since someone else may
// already hold it.

export class LockLostError extends Error {
  override name = "LockLostError";
  constructor(what: string) {
    super(`lost the lock on ${what} (its database session ended)`);
  }
}

export type LockHold = { assertHeld(): void };

export async function withAdvisoryLock<T>(
  lock: { namespace: number; key: string; what: string; waitMs: number; errorFor?: (what: string) => Error },
  fn: (hold: LockHold) => Promise<T>,
): Promise<T> {
  const client = survivable(
    new pg.Client({
      connectionString: env().DATABASE_URL,
      application_name: "keyless-lock",
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    }),
    "advisory-lock",
  );
  let held = false;
  const drop = () => (held = false);
  client.on("error", drop);
  client.on("end", drop);
  await client.connect();
  try {
    // Waiting is bounded: work stuck for longer than this is somebody else's problem.
    await client.query(`SET statement_timeout = ${Math.max(1, Math.round(lock.waitMs))}`);
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [lock.namespace, lock.key]);
    held = true;
    await client.query("SET statement_timeout = 0");
    return await fn({
      assertHeld: () => {
        if (!held) throw (lock.errorFor ?? ((w: string) => new LockLostError(w)))(lock.what);
      },
    });
  } finally {
    held = false;
    // Closing the session releases the lock even if the unlock fails.
    await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [lock.namespace, lock.key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
