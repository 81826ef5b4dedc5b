import "server-only";
import { z } from "zod";
import { expireDue } from "@/lib/approvals/expiry";
import { defineJob } from "@/lib/jobs/define";

// Every minute: pending requests past their deadline expire; grants past their end are
// announced as ended (issuance already refuses them by time).
export const approvalsExpireJob = defineJob({
  name: "approvals-expire",
  payload: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2 },
  cron: () => "* * * * *",
  handler: async () => {
    await expireDue(new Date());
  },
});
