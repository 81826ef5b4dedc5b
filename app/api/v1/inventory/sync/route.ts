import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { startSync } from "@/lib/inventory/start-sync";

// 202: the run is queued; poll GET /api/v1/inventory/sync/{jobId} for its progress.
export const POST = route({
  permission: "inventory.sync",
  body: z.object({}).strict(),
  handler: async ({ caller }) => {
    const run = await startSync(caller, { trigger: "manual" });
    return json(
      { jobId: run.id, alreadyRunning: run.alreadyRunning },
      { status: 202, headers: { Location: `/api/v1/inventory/sync/${run.id}` } },
    );
  },
});
