import "server-only";
import type PgBoss from "pg-boss";
import type { z } from "zod";

/**
 * One job = one file under lib/jobs/definitions: its queue, its zod payload and its
 * handler. Handlers must be idempotent: pg-boss delivers at least once (retries, a worker
 * killed mid-job), so a repeat must be harmless.
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  payload: S;
  queue: Omit<PgBoss.Queue, "name">;
  /** Cron schedule (UTC), when the job also runs on a timer. */
  cron?: () => string | null;
  /** For scheduled jobs: when a worker starts, run once now if this says a tick was missed. */
  catchUp?: () => Promise<boolean>;
  /** How many of this job one worker runs at once. */
  concurrency?: number;
  /** Also queue one run when a worker starts (e.g. to pick up work a dead worker left). */
  runAtStart?: boolean;
  handler: (payload: z.infer<S>, job: { id: string; retryCount: number }) => Promise<void>;
};

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
