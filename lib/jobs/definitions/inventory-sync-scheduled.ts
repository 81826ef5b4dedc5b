import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { cronForInterval } from "@/lib/inventory/schedule";
import { defineJob } from "@/lib/jobs/define";

// The scheduled sync: every KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES, start a run over every
// account. pg-boss's scheduler sends one job per tick however many workers there are.
export const inventorySyncScheduledJob = defineJob({
  name: "inventory-sync-scheduled",
  payload: z.object({}).loose(),
  queue: { policy: "short", retryLimit: 1 },
  cron: () => cronForInterval(env().KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES),
});
