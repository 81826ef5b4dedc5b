import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// One client per process (hot reload in dev re-evaluates modules: keep it on globalThis).
// Secret columns are omitted globally: a query must opt in with `omit: { col: false }`.
function createClient() {
  const adapter = new PrismaPg({
    connectionString: env().DATABASE_URL,
    max: env().DATABASE_POOL_SIZE,
    connectionTimeoutMillis: 5_000,
  });
  return new PrismaClient({
    adapter,
    omit: { account: { idTokenEncrypted: true }, integration: { targetTokenEncrypted: true } },
  });
}

type Client = ReturnType<typeof createClient>;
const globalForDb = globalThis as unknown as { keylessDb?: Client };

export function db(): Client {
  globalForDb.keylessDb ??= createClient();
  return globalForDb.keylessDb;
}

export type Db = Client;
export { Prisma } from "@/lib/generated/prisma/client";
