import { json, route } from "@/lib/api/route";
import { createIntegration } from "@/lib/integrations/manage";
import { listIntegrations } from "@/lib/integrations/queries";
import { createIntegrationSchema } from "@/lib/integrations/schemas";

export const GET = route({
  permission: "integrations.read",
  handler: async ({ caller }) => json({ items: await listIntegrations(caller) }),
});

export const POST = route({
  permission: "integrations.manage",
  body: createIntegrationSchema,
  handler: async ({ caller, body }) => json(await createIntegration(caller, body), { status: 201 }),
});
