import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Every two minutes, and once when a worker starts: resume rotations whose worker died,
// start the integrations that are due (most overdue first), and send pending alerts.
export const rotationScheduleJob = defineJob({
  name: "rotation-schedule",
  payload: z.object({}).passthrough(),
  // "short": at most one pass queued. Not "singleton": a pass left "active" by a killed
  // worker would block the next one until it expired, and recovery must not wait for that.
  queue: { policy: "short", retryLimit: 1, expireInSeconds: 300 },
  cron: () => "*/2 * * * *",
  runAtStart: true,
});
