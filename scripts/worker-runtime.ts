// The background worker's loop: runs the bound jobs (lib/jobs/handlers.ts) on pg-boss.
// pg-boss coordinates any number of workers through Postgres, so a job runs once however
// many there are. SIGTERM finishes the jobs in hand before exiting. Started by
// scripts/worker.ts (production) and by test/support/crash-worker.ts (which injects a
// crash after a rotation step).
import { loadEnv } from "@/lib/env";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { ensureQueue } from "@/lib/jobs/enqueue";
import type { BoundJob } from "@/lib/jobs/handlers";
import { jobHolds } from "@/lib/locks/holds";
import { logger } from "@/lib/logger";

loadEnv();
const log = logger().child({ component: "worker" });

async function runJob({ definition, run }: BoundJob, received: { id: string; data: object; retryCount: number }) {
  const started = performance.now();
  log.info({ job: definition.name, jobId: received.id, retry: received.retryCount }, "job started");
  // While the handler runs, this worker's liveness lock (lib/locks) says the job is in hand; if the
  // worker dies, the lock goes with its session and lib/jobs/recover.ts retries the job.
  await jobHolds().hold(received.id);
  try {
    await run(received.data, { id: received.id, retryCount: received.retryCount });
    log.info({ job: definition.name, jobId: received.id, ms: Math.round(performance.now() - started) }, "job done");
  } catch (error) {
    log.error({ job: definition.name, jobId: received.id, err: error }, "job failed");
    throw error;
  } finally {
    await jobHolds().release(received.id);
  }
}

async function start(jobs: BoundJob[]) {
  const boss = await getBoss("worker");
  for (const job of jobs) {
    const { definition } = job;
    await ensureQueue(boss, definition);
    // One poller per unit of concurrency, each taking one job at a time. A poller that just
    // ran a job looks for the next one at once (the queue may hold more); an idle poller
    // waits its polling interval.
    for (let i = 0; i < (definition.concurrency ?? 1); i++) {
      const poller = await boss.work<object>(
        definition.name,
        { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true },
        async ([received]) => {
          if (!received) return;
          try {
            await runJob(job, received);
          } finally {
            boss.notifyWorker(poller);
          }
        },
      );
    }
    const cron = definition.cron?.();
    // A schedule turned off in the configuration must stop firing, not linger in pg-boss.
    if (cron) await boss.schedule(definition.name, cron, {}, { tz: "UTC" });
    else if (definition.cron) await boss.unschedule(definition.name);
    // Several workers may start together: the singleton key lets only one catch-up through.
    if (cron && (await job.catchUp?.())) await boss.send(definition.name, {}, { singletonKey: "catch-up", singletonSeconds: 300 });
    if (definition.runAtStart) await boss.send(definition.name, {});
  }
  log.info({ jobs: jobs.map((j) => j.definition.name) }, "worker ready");
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping");
  await stopBoss();
  await jobHolds().close();
  process.exit(0);
}

export function runWorker(jobs: BoundJob[]): void {
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  // A promise rejected with nobody listening is a bug, but one job's bug must not stop every
  // other job (Node's default is to exit): say so loudly and keep working. The reliability
  // suite fails on this line, so such bugs are still found.
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection (a bug); the worker keeps running"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  start(jobs).catch((error: unknown) => {
    log.fatal({ err: error }, "worker failed to start");
    process.exit(1);
  });
}
