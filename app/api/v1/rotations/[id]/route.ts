import { json, route } from "@/lib/api/route";
import { idParamsSchema } from "@/lib/integrations/schemas";
import { getRotation } from "@/lib/rotation/queries";

export const GET = route({
  permission: "integrations.read",
  params: idParamsSchema,
  handler: async ({ caller, params }) => json(await getRotation(caller, params.id)),
});
