import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";

// On a timer (KEYLESS_AUDIT_VERIFY_INTERVAL_MINUTES) and when a worker starts: verify the
// audit chain and its seals, and publish the head (lib/audit/head.ts). Idempotent: a repeat
// verifies again. A failed verification is logged at error level; the job itself succeeds.
export const auditVerifyJob = defineJob({
  name: "audit-verify",
  payload: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2, retryDelay: 60 },
  cron: () => {
    const minutes = env().KEYLESS_AUDIT_VERIFY_INTERVAL_MINUTES;
    return minutes === 0 ? null : minutes === 60 ? "0 * * * *" : `*/${minutes} * * * *`;
  },
  runAtStart: true,
});
