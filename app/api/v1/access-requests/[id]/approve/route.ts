import { route } from "@/lib/api/route";
import { approveRequest } from "@/lib/approvals/decide";
import { requestDtoSchema, toRequestDto } from "@/lib/approvals/dto";
import { approvalSchema, idParamsSchema } from "@/lib/approvals/schemas";

export const POST = route({
  permission: "requests.decide",
  params: idParamsSchema,
  body: approvalSchema,
  response: requestDtoSchema,
  handler: async ({ caller, params, body, reply }) =>
    reply(toRequestDto(await approveRequest(caller, params.id, body.comment, { confirm: body.confirm }))),
});
