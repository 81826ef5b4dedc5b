import "server-only";
import pg from "pg";
import { survivable } from "@/lib/db";
import { env } from "@/lib/env";

// One sync per AWS account at a time, across every worker and app instance: a Postgres
// advisory lock held on a dedicated connection for the length of the sync. pg-boss's
// singleton queue already keeps two jobs for one account from being active together;
// this also covers a job that expired while still running and was retried elsewhere.
// If the holder's connection dies, Postgres releases the lock: the sync must then stop
// writing (`hold.assertHeld()` throws), since a retry elsewhere may already be running.

const NAMESPACE = 0x6b6c_7331; // "kls1": keeps these locks apart from anyone else's

export class AccountLockLostError extends Error {
  override name = "AccountLockLostError";
  constructor(awsAccountId: string) {
    super(`lost the sync lock on account ${awsAccountId} (its database session ended)`);
  }
}

export type AccountLockHold = { assertHeld(): void };

export async function withAccountLock<T>(awsAccountId: string, fn: (hold: AccountLockHold) => Promise<T>, waitMs = 30 * 60_000): Promise<T> {
  const client = survivable(
    new pg.Client({ connectionString: env().DATABASE_URL, application_name: "keyless-inventory-lock", connectionTimeoutMillis: 5_000, keepAlive: true }),
    "inventory-lock",
  );
  let held = false;
  const drop = () => (held = false);
  client.on("error", drop);
  client.on("end", drop);
  await client.connect();
  try {
    // Waiting is bounded: a sync stuck for longer than this is somebody else's problem.
    await client.query(`SET statement_timeout = ${Math.max(1, Math.round(waitMs))}`);
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [NAMESPACE, awsAccountId]);
    held = true;
    await client.query("SET statement_timeout = 0");
    return await fn({
      assertHeld: () => {
        if (!held) throw new AccountLockLostError(awsAccountId);
      },
    });
  } finally {
    held = false;
    // Closing the session releases the lock even if the unlock fails.
    await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [NAMESPACE, awsAccountId]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
