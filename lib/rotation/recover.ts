import "server-only";
import { db } from "@/lib/db";
import { enqueue } from "@/lib/jobs/enqueue";
import { failAbandonedJob, jobState } from "@/lib/jobs/inspect";
import { rotationJobOptions, rotationRunJob } from "@/lib/jobs/definitions/rotation-run";
import { logger } from "@/lib/logger";
import { lockOn, withLock } from "@/lib/locks/liveness";

// Finds rotations that nobody is running and nothing will run: their worker died (killed,
// host lost) or their job was lost. A running handler always holds the integration's
// advisory lock, and Postgres frees it when the worker's connection dies; so a rotation
// marked running whose lock we can take is orphaned. Its job, if still "active", is failed
// so pg-boss retries it at once; if the job is gone or finished, a new one is queued.
// The run itself is idempotent and resumes from the persisted step.

export type Recovery = { rotationId: string; action: "retried" | "requeued" | "released" };

/** A job whose worker died after the rotation ended stays "active" until it expires. */
const RECENTLY_FINISHED_MS = 60 * 60_000;

export async function recoverRotations(now: Date = new Date()): Promise<Recovery[]> {
  const active = await db().rotation.findMany({
    where: {
      OR: [
        { status: { in: ["running", "waiting"] } },
        { finishedAt: { gt: new Date(now.getTime() - RECENTLY_FINISHED_MS) }, jobId: { not: null } },
      ],
    },
    select: { id: true, integrationId: true },
    orderBy: { startedAt: "asc" },
    take: 500,
  });
  const done: Recovery[] = [];
  for (const r of active) {
    const locked = await withLock(lockOn.integration(r.integrationId), () => recoverOne(r.id, now));
    if (locked.acquired && locked.value) done.push({ rotationId: r.id, action: locked.value });
  }
  if (done.length) logger().warn({ recovered: done }, "recovered rotations whose worker was gone");
  return done;
}

async function recoverOne(rotationId: string, now: Date): Promise<Recovery["action"] | null> {
  const r = await db().rotation.findUnique({
    where: { id: rotationId },
    select: { status: true, jobId: true, graceUntil: true, integrationId: true },
  });
  if (!r) return null;
  const state = r.jobId ? await jobState(rotationRunJob, r.jobId) : "missing";
  if (r.status !== "running" && r.status !== "waiting") {
    // Finished, but its worker died before pg-boss heard: the "active" job would hold the
    // integration's singleton slot (and the queue behind it) until it expires.
    if (state !== "active" || !r.jobId) return null;
    await failAbandonedJob(rotationRunJob, r.jobId, "the worker running this rotation stopped after it finished");
    return "released";
  }
  if (state === "created" || state === "retry") return null; // it will run
  if (state === "active" && r.jobId) {
    await failAbandonedJob(rotationRunJob, r.jobId, "the worker running this rotation stopped");
    return "retried";
  }
  const wakeAt = r.status === "waiting" && r.graceUntil && r.graceUntil > now ? r.graceUntil : undefined;
  const jobId = await enqueue(rotationRunJob, { rotationId }, rotationJobOptions(r.integrationId, wakeAt));
  await db().rotation.update({ where: { id: rotationId }, data: { jobId }, select: { id: true } });
  return "requeued";
}
