import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Re-reads a pending request's policies when AWS could not be read while it was created
// (lib/approvals/risk.ts). One per request at a time; retried with backoff while AWS stays
// unreachable. Idempotent: each run stores the analysis of what IAM says now.
export const riskAnalyseJob = defineJob({
  name: "risk-analyse",
  payload: z.object({ requestId: z.string().min(1).max(64) }),
  queue: { policy: "stately", retryLimit: 10, retryDelay: 30, retryBackoff: true },
});
