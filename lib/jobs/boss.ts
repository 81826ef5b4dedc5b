import "server-only";
import PgBoss from "pg-boss";
import Manager from "pg-boss/src/manager.js";
import { installBossSchema } from "@/lib/jobs/boss-schema";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// pg-boss keeps jobs in Postgres (schema "pgboss"): no extra server, and several app and
// worker processes coordinate through the database. App processes only enqueue; worker
// processes (scripts/worker.ts) also run maintenance, schedules and handlers.

// pg-boss 10's worker records a job's end without awaiting it (`this.complete(…)` and
// `this.fail(…)` in Manager#watch): when the database is down at that moment, the
// rejection is unhandled and Node stops the whole worker. Mark those promises handled
// (callers that await them still get the error); the job stays "active" and
// lib/jobs/recover.ts retries it once the database is back.
for (const name of ["complete", "fail"] as const) {
  const original = Manager.prototype[name];
  if ((original as { keylessHandled?: boolean }).keylessHandled) continue;
  const patched = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    result.catch((error: unknown) =>
      logger().warn({ err: error, op: name }, "pg-boss could not record the end of a job; it will be recovered"),
    );
    return result;
  };
  // PgBoss exposes Manager's methods under their function names (`this[func.name]`): keep the name.
  Object.defineProperty(patched, "name", { value: name });
  Manager.prototype[name] = Object.assign(patched, { keylessHandled: true });
}

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
    globalForBoss.keylessBoss = installBossSchema(env().DATABASE_URL, "pgboss")
      .then(() => boss.start())
      .catch((error: unknown) => {
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
