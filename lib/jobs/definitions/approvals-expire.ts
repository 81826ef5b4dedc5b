import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Every minute: pending requests past their deadline expire; grants past their end are
// announced as ended (issuance already refuses them by time).
export const approvalsExpireJob = defineJob({
  name: "approvals-expire",
  payload: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2 },
  cron: () => "* * * * *",
});
