import "server-only";
import { z } from "zod";
import { pruneCliAuth } from "@/lib/cli-auth/sessions";
import { defineJob } from "@/lib/jobs/define";
import { logger } from "@/lib/logger";
import { pruneRateLimitCounters } from "@/lib/rate-limit/limiter";

/** Hourly: forgets expired sign-in codes, long-ended CLI sessions and idle rate-limit counters. */
export const cliAuthCleanupJob = defineJob({
  name: "cli-auth-cleanup",
  payload: z.object({}),
  queue: { policy: "singleton", retryLimit: 2, retryDelay: 60 },
  cron: () => "17 * * * *",
  handler: async () => {
    const { devices, sessions } = await pruneCliAuth();
    const counters = await pruneRateLimitCounters();
    logger().info({ devices, sessions, counters }, "cli auth cleanup");
  },
});
