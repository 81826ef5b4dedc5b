import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// pg-boss keeps jobs in Postgres (schema "pgboss"): no extra server, and several app and
// worker processes coordinate through the database. App processes only enqueue; worker
// processes (scripts/worker.ts) also run maintenance, schedules and handlers.

type Role = "producer" | "worker";
const globalForBoss = globalThis as unknown as { keylessBoss?: Promise<PgBoss>; keylessBossRole?: Role };

export function getBoss(role: Role = "producer"): Promise<PgBoss> {
  if (!globalForBoss.keylessBoss || (role === "worker" && globalForBoss.keylessBossRole !== "worker")) {
    const worker = role === "worker";
    const boss = new PgBoss({
      connectionString: env().DATABASE_URL,
      schema: "pgboss",
      application_name: `keyless-${role}`,
      max: worker ? 6 : 3,
      supervise: worker,
      schedule: worker,
      migrate: true,
    });
    boss.on("error", (error) => logger().error({ err: error }, "pg-boss error"));
    globalForBoss.keylessBossRole = role;
    globalForBoss.keylessBoss = boss.start().catch((error: unknown) => {
      globalForBoss.keylessBoss = undefined;
      throw error;
    });
  }
  return globalForBoss.keylessBoss;
}

export async function stopBoss(): Promise<void> {
  const pending = globalForBoss.keylessBoss;
  globalForBoss.keylessBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, timeout: 20_000, wait: true });
}
