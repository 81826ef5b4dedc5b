// The background worker: runs every job in lib/jobs/registry.ts on pg-boss. Start one or
// more of these beside the app (`npm run worker`); pg-boss coordinates them through
// Postgres, so a job runs once however many workers there are. SIGTERM finishes the jobs
// in hand before exiting.
import { loadEnv } from "@/lib/env";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import type { JobDefinition } from "@/lib/jobs/define";
import { ensureQueue } from "@/lib/jobs/enqueue";
import { jobLiveness } from "@/lib/jobs/liveness";
import { JOBS } from "@/lib/jobs/registry";
import { logger } from "@/lib/logger";

loadEnv();
const log = logger().child({ component: "worker" });

async function runJob(job: JobDefinition, received: { id: string; data: object; retryCount: number }) {
  const payload: unknown = job.payload.parse(received.data);
  const started = performance.now();
  log.info({ job: job.name, jobId: received.id, retry: received.retryCount }, "job started");
  // While the handler runs, this worker's liveness lock says the job is in hand; if the
  // worker dies, the lock goes with its session and lib/jobs/recover.ts retries the job.
  await jobLiveness().hold(received.id);
  try {
    await job.handler(payload, { id: received.id, retryCount: received.retryCount });
    log.info({ job: job.name, jobId: received.id, ms: Math.round(performance.now() - started) }, "job done");
  } catch (error) {
    log.error({ job: job.name, jobId: received.id, err: error }, "job failed");
    throw error;
  } finally {
    await jobLiveness().release(received.id);
  }
}

async function main() {
  const boss = await getBoss("worker");
  for (const job of JOBS) {
    await ensureQueue(boss, job);
    // One poller per unit of concurrency, each taking one job at a time. A poller that just
    // ran a job looks for the next one at once (the queue may hold more); an idle poller
    // waits its polling interval.
    for (let i = 0; i < (job.concurrency ?? 1); i++) {
      const poller = await boss.work<object>(
        job.name,
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
    const cron = job.cron?.();
    // A schedule turned off in the configuration must stop firing, not linger in pg-boss.
    if (cron) await boss.schedule(job.name, cron, {}, { tz: "UTC" });
    else if (job.cron) await boss.unschedule(job.name);
    // Several workers may start together: the singleton key lets only one catch-up through.
    if (cron && (await job.catchUp?.())) await boss.send(job.name, {}, { singletonKey: "catch-up", singletonSeconds: 300 });
    if (job.runAtStart) await boss.send(job.name, {});
  }
  log.info({ jobs: JOBS.map((j) => j.name) }, "worker ready");
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping");
  await stopBoss();
  await jobLiveness().close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
// A promise rejected with nobody listening is a bug, but one job's bug must not stop every
// other job (Node's default is to exit): say so loudly and keep working. The reliability
// suite fails on this line, so such bugs are still found.
process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection (a bug); the worker keeps running"));
process.on("SIGINT", () => void shutdown("SIGINT"));

main().catch((error: unknown) => {
  log.fatal({ err: error }, "worker failed to start");
  process.exit(1);
});
