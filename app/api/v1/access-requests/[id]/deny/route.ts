import { route } from "@/lib/api/route";
import { denyRequest } from "@/lib/approvals/decide";
import { requestDtoSchema, toRequestDto } from "@/lib/approvals/dto";
import { decisionSchema, idParamsSchema } from "@/lib/approvals/schemas";

export const POST = route({
  permission: "requests.decide",
  params: idParamsSchema,
  body: decisionSchema,
  response: requestDtoSchema,
  handler: async ({ caller, params, body, reply }) => reply(toRequestDto(await denyRequest(caller, params.id, body.comment))),
});
