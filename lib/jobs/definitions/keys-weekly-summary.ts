import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";

// Once a week (KEYLESS_WEEKLY_SUMMARY_DAY / _HOUR, UTC): the key summary to admins
// (lib/retirement/weekly-summary.ts), sent once per ISO week whatever the retries.
export const keysWeeklySummaryJob = defineJob({
  name: "keys-weekly-summary",
  payload: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 5, retryDelay: 600 },
  cron: () => {
    const day = env().KEYLESS_WEEKLY_SUMMARY_DAY;
    return day === "off" ? null : `0 ${env().KEYLESS_WEEKLY_SUMMARY_HOUR} * * ${day}`;
  },
});
