import "server-only";
import type PgBoss from "pg-boss";
import type { z } from "zod";

/**
 * One job = one file under lib/jobs/definitions: a contract of its queue name, its zod
 * payload and its queue policy, which both the code that enqueues it and the worker read.
 * What runs it is bound in the worker-only registry (lib/jobs/handlers.ts), so enqueueing
 * a job never imports the code that runs it. Handlers must be idempotent: pg-boss delivers
 * at least once (retries, a worker killed mid-job), so a repeat must be harmless.
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  payload: S;
  queue: Omit<PgBoss.Queue, "name">;
  /** Cron schedule (UTC), when the job also runs on a timer. */
  cron?: () => string | null;
  /** How many of this job one worker runs at once. */
  concurrency?: number;
  /** Also queue one run when a worker starts (e.g. to pick up work a dead worker left). */
  runAtStart?: boolean;
};

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
