import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Every minute, and once when a worker starts: retry the jobs whose worker died while
// running them (lib/jobs/recover.ts), so a sync, a notification or any other job resumes
// within a minute or two instead of waiting for its expiry.
export const jobsRecoverJob = defineJob({
  name: "jobs-recover",
  payload: z.object({}).passthrough(),
  // "short": at most one pass queued; a pass left "active" by a killed worker is itself
  // recovered by the next worker's pass.
  queue: { policy: "short", retryLimit: 0, expireInSeconds: 120 },
  cron: () => "* * * * *",
  runAtStart: true,
});
