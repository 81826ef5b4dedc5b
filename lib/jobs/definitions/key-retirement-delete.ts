import "server-only";
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Queued when an admin retires a key, to start once its grace period ends: deletes the key
// if it is still inactive and unused since it was deactivated (lib/retirement/delete.ts).
// Keyed by the retirement: a second copy finds it finished and does nothing.
export const keyRetirementDeleteJob = defineJob({
  name: "key-retirement-delete",
  payload: z.object({ retirementId: z.string().min(1).max(64) }),
  queue: { policy: "standard", retryLimit: 10, retryDelay: 300, retryBackoff: true },
});
