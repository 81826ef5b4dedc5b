import { json, route } from "@/lib/api/route";
import { toRequestDto } from "@/lib/approvals/dto";
import { cancelRequest } from "@/lib/approvals/requests";
import { idParamsSchema } from "@/lib/approvals/schemas";

export const POST = route({
  permission: "requests.create",
  params: idParamsSchema,
  handler: async ({ caller, params }) => json(toRequestDto(await cancelRequest(caller, params.id))),
});
