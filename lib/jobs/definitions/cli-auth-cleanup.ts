import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

/** Hourly: forgets expired sign-in codes, long-ended CLI sessions and idle rate-limit counters. */
export const cliAuthCleanupJob = defineJob({
  name: "cli-auth-cleanup",
  payload: z.object({}),
  queue: { policy: "singleton", retryLimit: 2, retryDelay: 60 },
  cron: () => "17 * * * *",
});
