import { json, route } from "@/lib/api/route";
import { idParamsSchema } from "@/lib/integrations/schemas";
import { startRotation } from "@/lib/rotation/start";

// 202: the rotation runs in the background; follow it at GET /api/v1/rotations/{rotationId}.
// While one is under way, asking again answers with that one.
export const POST = route({
  permission: "rotations.run",
  params: idParamsSchema,
  handler: async ({ caller, params }) => {
    const { rotationId, created } = await startRotation(caller, params.id, "manual");
    return json({ rotationId, created }, { status: 202, headers: { Location: `/api/v1/rotations/${rotationId}` } });
  },
});
