import "server-only";
import { z } from "zod";
import { systemCaller } from "@/lib/auth/caller";
import { env } from "@/lib/env";
import { cronForInterval } from "@/lib/inventory/schedule";
import { lastRunStartedAt, startSync } from "@/lib/inventory/start-sync";
import { defineJob } from "@/lib/jobs/define";

// The scheduled sync: every KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES, start a run over every
// account. pg-boss's scheduler sends one job per tick however many workers there are.
export const inventorySyncScheduledJob = defineJob({
  name: "inventory-sync-scheduled",
  payload: z.object({}).loose(),
  queue: { policy: "short", retryLimit: 1 },
  cron: () => cronForInterval(env().KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES),
  // A worker starting after a pause (deploy, a laptop waking) should not wait for the next tick.
  catchUp: async () => {
    const minutes = env().KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES;
    if (minutes === 0) return false;
    const last = await lastRunStartedAt();
    return !last || Date.now() - last.getTime() > minutes * 60_000;
  },
  handler: async () => {
    await startSync(systemCaller("inventory-scheduler"), { trigger: "scheduled" });
  },
});
