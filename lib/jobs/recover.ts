import "server-only";
import { sql } from "@/lib/db";
import { getBoss } from "@/lib/jobs/boss";
import { jobsRecoverJob } from "@/lib/jobs/definitions/jobs-recover";
import { enqueue } from "@/lib/jobs/enqueue";
import { freeAmong } from "@/lib/locks/liveness";
import { logger } from "@/lib/logger";

// Finds pg-boss jobs left "active" by a worker that is gone (killed, host lost, or whose
// handler ended while the database was down so pg-boss could not record it) and fails
// them, so pg-boss retries them after their retry delay instead of their expiry. A job is
// abandoned when nobody holds its liveness lock (lib/locks/holds.ts) on two looks a few
// seconds apart: the gap covers a worker that just fetched the job and has not locked it
// yet, or one that lost its connection and is taking its locks again. Handlers are
// idempotent (ADR 007), so a retry of a job that did finish its work is harmless. Every
// job kind, rotations included: lib/rotation/recover.ts only re-queues a rotation whose job
// is gone.
//
// Reads pgboss.job directly (pg-boss 10 has no API to list active jobs); writes only
// through pg-boss's API (fail).

/** A job must have been active this long before it can look abandoned. */
const MIN_ACTIVE_SECONDS = 10;
const SECOND_LOOK_MS = 3_000;

type ActiveJob = { id: string; name: string; started_on: Date; settled: boolean };

async function activeJobs(ids?: string[]): Promise<ActiveJob[]> {
  return sql<ActiveJob>(
    `SELECT id::text AS id, name, started_on, started_on < now() - make_interval(secs => $1) AS settled FROM pgboss.job
     WHERE state = 'active' AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
     ORDER BY started_on LIMIT 500`,
    [MIN_ACTIVE_SECONDS, ids ?? null],
  );
}

/** The jobs among these whose liveness lock is free (nobody is working on them). */
async function unheld(jobs: ActiveJob[]): Promise<ActiveJob[]> {
  const free = await freeAmong(
    "job",
    jobs.map((j) => j.id),
  );
  return jobs.filter((j) => free.has(j.id));
}

export async function recoverAbandonedJobs(): Promise<{ id: string; name: string }[]> {
  const unheldNow = await unheld(await activeJobs());
  // A job fetched moments ago may not be locked yet: look at it again once it is old
  // enough, rather than at the next scheduled pass (a worker just started after a crash
  // must not leave the dead worker's rotation waiting a minute).
  if (unheldNow.some((j) => !j.settled)) {
    await enqueue(jobsRecoverJob, {}, { startAfter: MIN_ACTIVE_SECONDS + 1 }).catch((error: unknown) =>
      logger().warn({ err: error }, "could not schedule the next recovery pass"),
    );
  }
  const first = unheldNow.filter((j) => j.settled);
  if (first.length === 0) return [];
  await new Promise((r) => setTimeout(r, SECOND_LOOK_MS));
  const again = await unheld(await activeJobs(first.map((j) => j.id)));
  const sameRun = again.filter((j) => first.some((f) => f.id === j.id && f.started_on.getTime() === j.started_on.getTime()));
  if (sameRun.length === 0) return [];
  const boss = await getBoss();
  for (const job of sameRun) {
    await boss.fail(job.name, job.id, { message: "the worker running this job stopped (its database session ended); retrying" });
  }
  logger().warn({ jobs: sameRun.map((j) => ({ id: j.id, name: j.name })) }, "recovered jobs whose worker was gone");
  return sameRun.map(({ id, name }) => ({ id, name }));
}
