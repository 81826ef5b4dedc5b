import "server-only";
import pg from "pg";
import { env } from "@/lib/env";

// One sync per AWS account at a time, across every worker and app instance: a Postgres
// advisory lock held on a dedicated connection for the length of the sync. pg-boss's
// singleton queue already keeps two jobs for one account from being active together;
// this also covers a job that expired while still running and was retried elsewhere.
// If the holder's connection dies, Postgres releases the lock.

const NAMESPACE = 0x6b6c_7331; // "kls1": keeps these locks apart from anyone else's

export async function withAccountLock<T>(awsAccountId: string, fn: () => Promise<T>, waitMs = 30 * 60_000): Promise<T> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: "keyless-inventory-lock" });
  await client.connect();
  try {
    // Waiting is bounded: a sync stuck for longer than this is somebody else's problem.
    await client.query(`SET statement_timeout = ${Math.max(1, Math.round(waitMs))}`);
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [NAMESPACE, awsAccountId]);
    await client.query("SET statement_timeout = 0");
    return await fn();
  } finally {
    // Closing the session releases the lock even if the unlock fails.
    await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [NAMESPACE, awsAccountId]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
