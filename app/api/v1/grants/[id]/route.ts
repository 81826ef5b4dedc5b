import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { revokeGrant } from "@/lib/approvals/grants";
import { idParamsSchema } from "@/lib/approvals/schemas";

export const DELETE = route({
  permission: "grants.revoke",
  params: idParamsSchema,
  query: z.object({ reason: z.string().trim().max(500).optional().default("") }),
  handler: async ({ caller, params, query }) => {
    await revokeGrant(caller, params.id, query.reason);
    return json({ revoked: true });
  },
});
