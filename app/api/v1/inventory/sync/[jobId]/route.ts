import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { getSyncProgress } from "@/lib/inventory/sync-status";

export const GET = route({
  permission: "inventory.read",
  params: z.object({ jobId: z.uuid("jobId must be the id POST /api/v1/inventory/sync returned") }),
  handler: async ({ caller, params }) => json(await getSyncProgress(caller, params.jobId)),
});
