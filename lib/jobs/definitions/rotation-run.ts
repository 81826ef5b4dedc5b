import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { env } from "@/lib/env";

// Runs one rotation (lib/rotation/run.ts) from its persisted state until it finishes or
// waits for its grace period. Keyed by integration: the queue's "singleton" policy lets
// one job per integration be active, and the handler holds the integration's advisory
// lock as well (a job that outlives its expiry must not overlap its retry).

export const ROTATION_RETRY_LIMIT = 5;

export const rotationRunJob = defineJob({
  name: "rotation-run",
  payload: z.object({ rotationId: z.string().min(1).max(64) }),
  queue: { policy: "singleton", retryLimit: ROTATION_RETRY_LIMIT, retryDelay: 30, retryBackoff: true, expireInSeconds: 900 },
  get concurrency() {
    return env().KEYLESS_ROTATION_CONCURRENCY;
  },
});

/** Send options for a rotation job: keyed by integration, retry pacing from configuration. */
export function rotationJobOptions(integrationId: string, startAfter?: Date) {
  return {
    singletonKey: integrationId,
    retryLimit: ROTATION_RETRY_LIMIT,
    retryDelay: env().KEYLESS_ROTATION_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    expireInSeconds: 900,
    ...(startAfter ? { startAfter } : {}),
  };
}
