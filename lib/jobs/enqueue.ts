import "server-only";
import type PgBoss from "pg-boss";
import type { z } from "zod";
import { getBoss } from "@/lib/jobs/boss";
import type { JobDefinition } from "@/lib/jobs/define";

const ensured = new Set<string>();

export async function ensureQueue(boss: PgBoss, job: JobDefinition): Promise<void> {
  if (ensured.has(job.name)) return;
  const existing = await boss.getQueue(job.name);
  if (!existing) await boss.createQueue(job.name, { name: job.name, ...job.queue });
  ensured.add(job.name);
}

/**
 * Validates the payload and queues the job. Returns the job id, or null when the queue's
 * policy refused a duplicate (e.g. a sync for that account is already queued).
 */
export async function enqueue<S extends z.ZodType>(job: JobDefinition<S>, payload: z.infer<S>, options: PgBoss.SendOptions = {}): Promise<string | null> {
  const data = job.payload.parse(payload) as object;
  const boss = await getBoss();
  await ensureQueue(boss, job);
  return boss.send(job.name, data, options);
}
