import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// After a person's AWS sessions are revoked: picks up sessions whose issuance was still in
// flight at that moment (recorded a moment later), then queues each role's policy write.
export const awsRevocationsPersonJob = defineJob({
  name: "aws-revocations-person",
  payload: z.object({
    userId: z.string().min(1).max(64),
    at: z.iso.datetime(),
    reason: z.string().max(500),
    requestedBy: z.string().max(320),
    roleArns: z.array(z.string().max(2048)).max(1000).optional(),
  }),
  queue: { policy: "standard", retryLimit: 8, retryDelay: 5, retryBackoff: true },
  concurrency: 2,
});
