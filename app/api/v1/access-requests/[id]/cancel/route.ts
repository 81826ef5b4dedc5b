import { route } from "@/lib/api/route";
import { requestDtoSchema, toRequestDto } from "@/lib/approvals/dto";
import { cancelRequest } from "@/lib/approvals/requests";
import { idParamsSchema } from "@/lib/approvals/schemas";

export const POST = route({
  permission: "requests.create",
  params: idParamsSchema,
  response: requestDtoSchema,
  handler: async ({ caller, params, reply }) => reply(toRequestDto(await cancelRequest(caller, params.id))),
});
