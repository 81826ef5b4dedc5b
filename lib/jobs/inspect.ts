import "server-only";
import { getBoss } from "@/lib/jobs/boss";
import type { JobDefinition } from "@/lib/jobs/define";

// A look at one queued job, for the rotation recovery pass that must tell a job that will
// still run from one that is gone.

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed" | "missing";

export async function jobState(job: JobDefinition, id: string): Promise<JobState> {
  const boss = await getBoss();
  const found = await boss.getJobById(job.name, id, { includeArchive: true });
  return found ? found.state : "missing";
}
