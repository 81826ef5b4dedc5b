import { json, route } from "@/lib/api/route";
import { approveRequest } from "@/lib/approvals/decide";
import { toRequestDto } from "@/lib/approvals/dto";
import { approvalSchema, idParamsSchema } from "@/lib/approvals/schemas";

export const POST = route({
  permission: "requests.decide",
  params: idParamsSchema,
  body: approvalSchema,
  handler: async ({ caller, params, body }) =>
    json(toRequestDto(await approveRequest(caller, params.id, body.comment, { confirm: body.confirm }))),
});
