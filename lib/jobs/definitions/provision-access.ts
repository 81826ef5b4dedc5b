import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Provisions an approved external-service request (lib/approvals/provisioning.ts). One per
// request at a time; retried on transient trouble, then undone.

export const PROVISION_RETRY_LIMIT = 4;

export const provisionAccessJob = defineJob({
  name: "provision-access",
  payload: z.object({ requestId: z.string().min(1).max(64) }),
  queue: { policy: "stately", retryLimit: PROVISION_RETRY_LIMIT, retryDelay: 5, retryBackoff: true },
});
