import "server-only";
import { getBoss } from "@/lib/jobs/boss";
import type { JobDefinition } from "@/lib/jobs/define";

// A look at one queued job, for recovery passes that must tell a job that will still run
// from one whose worker died.

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed" | "missing";

export async function jobState(job: JobDefinition, id: string): Promise<JobState> {
  const boss = await getBoss();
  const found = await boss.getJobById(job.name, id, { includeArchive: true });
  return found ? found.state : "missing";
}

/**
 * Fails an active job whose worker is known to be gone, so pg-boss retries it now rather
 * than after its expiry (or marks it failed when its retries are used up).
 */
export async function failAbandonedJob(job: JobDefinition, id: string, reason: string): Promise<void> {
  const boss = await getBoss();
  await boss.fail(job.name, id, { message: reason });
}
