import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";

// One account of one sync run. Sent with singletonKey = the account, on a "singleton"
// queue: pg-boss lets only one job per account be active at a time (the advisory lock in
// runAccountSync covers what the queue cannot, e.g. a job retried after it expired).
export const inventorySyncAccountJob = defineJob({
  name: "inventory-sync-account",
  // phase: the whole account (absent), or a first sync's two halves (lib/inventory/list-phase.ts).
  payload: z.object({ syncId: z.uuid(), awsAccountId: z.string().min(1).max(64), phase: z.enum(["list", "keys"]).optional() }),
  // A worker killed mid-account: lib/jobs/recover.ts fails the job, and it is retried 10 s later.
  queue: { policy: "singleton", retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 3600 },
  get concurrency() {
    return env().KEYLESS_INVENTORY_ACCOUNTS_PER_WORKER;
  },
});
