import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Every minute: re-read the groups of signed-in people who are due (lib/lifecycle/identity-refresh.ts).
export const identityRefreshJob = defineJob({
  name: "identity-refresh",
  payload: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 1 },
  cron: () => "* * * * *",
});
