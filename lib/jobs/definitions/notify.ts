import "server-only";
import { defineJob } from "@/lib/jobs/define";
import { notifyPayloadSchema } from "@/lib/notify/events";

export const notifyJob = defineJob({
  name: "notify",
  payload: notifyPayloadSchema,
  queue: { policy: "standard", retryLimit: 5, retryDelay: 15, retryBackoff: true },
  concurrency: 2,
});
