import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// One connection pool per process, shared by Prisma (most of the data access layer) and
// by `sql()` for the few hot paths where Prisma's per-query overhead (~2 ms here, against
// ~0.3 ms for the same query through pg) would dominate: session lookup, the audit append
// and the checks on the credential-vending path (see bench/RESULTS.md).
// Secret columns are omitted globally: a query must select them explicitly.

const OMIT = {
  account: { idTokenEncrypted: true },
  integration: { targetTokenEncrypted: true },
  accessRequest: { targetTokenEncrypted: true },
} as const;
type Client = PrismaClient<never, typeof OMIT>;
const globalForDb = globalThis as unknown as { keylessPool?: pg.Pool; keylessDb?: Client };

export function pool(): pg.Pool {
  globalForDb.keylessPool ??= survivable(
    new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: env().DATABASE_POOL_SIZE,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    }),
    "app",
  );
  return globalForDb.keylessPool;
}

/**
 * A pool whose idle connections may die (Postgres restarted, failed over, or cut the
 * session) without taking the process down: pg emits "error" on the pool, and an
 * unlistened "error" event would crash Node. The dead client is dropped by the pool and
 * the next query opens a fresh connection, so the process recovers by itself.
 */
export function survivable<P extends pg.Pool | pg.Client>(p: P, name: string): P {
  (p as unknown as NodeJS.EventEmitter).on("error", (error: Error) =>
    logger().warn({ err: error, pool: name }, "database connection lost"),
  );
  return p;
}

/**
 * A connection taken out of a pool for a while (a session-level advisory lock, several
 * statements): pg stops listening for its errors while it is checked out, so a server
 * that cuts the session (restart, failover) would emit an unlistened "error" and crash
 * the process. Listen until it goes back; a connection that failed is destroyed, not reused.
 */
export async function checkout(
  from: pg.Pool,
  name: string,
): Promise<{ client: pg.PoolClient; lost: () => boolean; release: (broken?: boolean) => void }> {
  const client = await from.connect();
  let failed = false;
  const onError = (error: Error) => {
    failed = true;
    logger().warn({ err: error, pool: name }, "database connection lost while in use");
  };
  client.on("error", onError);
  return {
    client,
    lost: () => failed,
    release: (broken = false) => {
      client.removeListener("error", onError);
      client.release(broken || failed);
    },
  };
}

export function db(): Client {
  globalForDb.keylessDb ??= new PrismaClient({ adapter: new PrismaPg(pool()), omit: OMIT });
  return globalForDb.keylessDb;
}

/** A parameterised query on the shared pool. Never interpolate values into `text`. */
export async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await pool().query<T>(text, params)).rows;
}

/**
 * A hot-path statement prepared once per connection under `name`, so Postgres parses and
 * plans it once instead of on every call (the vending preflight spent 0.9 of its 1.2 ms
 * planning: bench/RESULTS.md §1). Only for a fixed text: a name always means the same text.
 * Behind PgBouncer in transaction mode this needs PgBouncer ≥ 1.21 with
 * max_prepared_statements set (docs/deploy.md).
 */
export async function preparedSql<T extends pg.QueryResultRow>(name: string, text: string, params: unknown[] = []): Promise<T[]> {
  return (await pool().query<T>({ name, text, values: params })).rows;
}

export type Db = Client;
/** The client inside `db().$transaction(async (tx) => …)`. */
export type Tx = Omit<Client, "$connect" | "$disconnect" | "$on" | "$use" | "$extends" | "$transaction">;
export { Prisma } from "@/lib/generated/prisma/client";
