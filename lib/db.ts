import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

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
  globalForDb.keylessPool ??= new pg.Pool({
    connectionString: env().DATABASE_URL,
    max: env().DATABASE_POOL_SIZE,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  return globalForDb.keylessPool;
}

export function db(): Client {
  globalForDb.keylessDb ??= new PrismaClient({ adapter: new PrismaPg(pool()), omit: OMIT });
  return globalForDb.keylessDb;
}

/** A parameterised query on the shared pool. Never interpolate values into `text`. */
export async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await pool().query<T>(text, params)).rows;
}

export type Db = Client;
export { Prisma } from "@/lib/generated/prisma/client";
