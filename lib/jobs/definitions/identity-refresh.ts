import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { refreshDueIdentities } from "@/lib/lifecycle/identity-refresh";
import { logger } from "@/lib/logger";

// Every minute: re-read the groups of signed-in people who are due (lib/lifecycle/identity-refresh.ts).
export const identityRefreshJob = defineJob({
  name: "identity-refresh",
  payload: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 1 },
  cron: () => "* * * * *",
  handler: async () => {
    const counts = await refreshDueIdentities();
    if (counts.changed + counts.refused + counts.failed > 0) logger().info({ ...counts }, "identity refresh");
  },
});
