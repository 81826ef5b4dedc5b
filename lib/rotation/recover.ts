import "server-only";
import { db } from "@/lib/db";
import { rotationJobOptions, rotationRunJob } from "@/lib/jobs/definitions/rotation-run";
import { enqueue } from "@/lib/jobs/enqueue";
import { jobState } from "@/lib/jobs/inspect";
import { lockOn, withLock } from "@/lib/locks/liveness";
import { logger } from "@/lib/logger";

// Re-queues a rotation whose job is gone: marked running or waiting, but its pg-boss job
// finished, failed for good or was lost (deleted, never sent), so nothing will run it. A
// rotation whose worker died is not this pass's concern: its job is still "active" with a
// free liveness lock, and the generic pass (lib/jobs/recover.ts) retries it like any job.
// Checked under the integration's lock (lib/locks/liveness.ts), so a handler at work is
// never raced. The run itself is idempotent and resumes from the persisted step.

export type Recovery = { rotationId: string; action: "requeued" };

export async function recoverRotations(now: Date = new Date()): Promise<Recovery[]> {
  const unfinished = await db().rotation.findMany({
    where: { status: { in: ["running", "waiting"] } },
    select: { id: true, integrationId: true },
    orderBy: { startedAt: "asc" },
    take: 500,
  });
  const done: Recovery[] = [];
  for (const r of unfinished) {
    const locked = await withLock(lockOn.integration(r.integrationId), () => requeueIfJobGone(r.id, now));
    if (locked.acquired && locked.value) done.push({ rotationId: r.id, action: "requeued" });
  }
  if (done.length) logger().warn({ recovered: done }, "re-queued rotations whose job was gone");
  return done;
}

async function requeueIfJobGone(rotationId: string, now: Date): Promise<boolean> {
  const r = await db().rotation.findUnique({
    where: { id: rotationId },
    select: { status: true, jobId: true, graceUntil: true, integrationId: true },
  });
  if (!r || (r.status !== "running" && r.status !== "waiting")) return false;
  const state = r.jobId ? await jobState(rotationRunJob, r.jobId) : "missing";
  // Queued, retrying, or in hand (a dead worker's job is failed by the generic pass).
  if (state === "created" || state === "retry" || state === "active") return false;
  const wakeAt = r.status === "waiting" && r.graceUntil && r.graceUntil > now ? r.graceUntil : undefined;
  const jobId = await enqueue(rotationRunJob, { rotationId }, rotationJobOptions(r.integrationId, wakeAt));
  await db().rotation.update({ where: { id: rotationId }, data: { jobId }, select: { id: true } });
  return true;
}
