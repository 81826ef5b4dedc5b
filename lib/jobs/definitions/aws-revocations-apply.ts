import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Writes one role's KeylessRevokedSessions policy from the revocation rows. Keyed by role
// on a "stately" queue: one waiting and one running per role at most (a duplicate while one
// waits is dropped, which is harmless: the waiting one reads every row when it runs).
export const awsRevocationsApplyJob = defineJob({
  name: "aws-revocations-apply",
  payload: z.object({ roleArn: z.string().min(20).max(2048) }),
  queue: { policy: "stately", retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
  concurrency: 4,
});
