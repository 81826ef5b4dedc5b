import { json, route } from "@/lib/api/route";
import { deleteIntegration } from "@/lib/integrations/manage";
import { updateIntegration } from "@/lib/integrations/update";
import { getIntegration, listRotations } from "@/lib/integrations/queries";
import { idParamsSchema, updateIntegrationSchema } from "@/lib/integrations/schemas";

export const GET = route({
  permission: "integrations.read",
  params: idParamsSchema,
  handler: async ({ caller, params }) => {
    const integration = await getIntegration(caller, params.id);
    return json({ ...integration, rotations: await listRotations(caller, params.id, 20) });
  },
});

export const PATCH = route({
  permission: "integrations.manage",
  params: idParamsSchema,
  body: updateIntegrationSchema,
  handler: async ({ caller, params, body }) => json(await updateIntegration(caller, params.id, body)),
});

export const DELETE = route({
  permission: "integrations.manage",
  params: idParamsSchema,
  handler: async ({ caller, params }) => {
    await deleteIntegration(caller, params.id);
    return new Response(null, { status: 204 });
  },
});
