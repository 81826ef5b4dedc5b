import "server-only";
import type PgBoss from "pg-boss";
import type { z } from "zod";
import { getBoss } from "@/lib/jobs/boss";
import type { JobDefinition } from "@/lib/jobs/define";

const ensured = new Set<string>();

/**
 * Creates the job's queue unless it exists. Several processes starting together on a new
 * database (two worker replicas, an app enqueueing meanwhile) create the same queues at
 * once, and Postgres may pick one of them as a deadlock victim or refuse the duplicate:
 * look again and retry, instead of the process failing to start.
 */
export async function ensureQueue(boss: PgBoss, job: JobDefinition): Promise<void> {
  if (ensured.has(job.name)) return;
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(job.name)) break;
    try {
      await boss.createQueue(job.name, { name: job.name, ...job.queue });
      break;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 200));
    }
  }
  ensured.add(job.name);
}

/**
 * Validates the payload and queues the job. Returns the job id, or null when the queue's
 * policy refused a duplicate (e.g. a sync for that account is already queued).
 */
export async function enqueue<S extends z.ZodType>(
  job: JobDefinition<S>,
  payload: z.infer<S>,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  const data = job.payload.parse(payload) as object;
  const boss = await getBoss();
  await ensureQueue(boss, job);
  return boss.send(job.name, data, options);
}

/** Queues many jobs of one kind in one statement (e.g. a sync's 1,000 accounts); duplicates the queue's policy refuses are skipped. */
export async function enqueueMany<S extends z.ZodType>(
  job: JobDefinition<S>,
  jobs: { payload: z.infer<S>; options?: Pick<PgBoss.JobInsert, "singletonKey" | "priority"> }[],
): Promise<void> {
  const rows = jobs.map((j) => ({ name: job.name, data: job.payload.parse(j.payload) as object, ...j.options }));
  const boss = await getBoss();
  await ensureQueue(boss, job);
  await boss.insert(rows);
}

/** Cancels a queued job (e.g. a deletion that was undone); one already finished stays as it was. */
export async function cancelJob(job: JobDefinition, id: string): Promise<void> {
  const boss = await getBoss();
  await boss.cancel(job.name, id);
}
