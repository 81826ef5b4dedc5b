import { z } from "zod";
import { route } from "@/lib/api/route";
import { requestDtoSchema, toRequestDto } from "@/lib/approvals/dto";
import { getRequest } from "@/lib/approvals/requests";
import { idParamsSchema } from "@/lib/approvals/schemas";

export const GET = route({
  permission: "requests.read.own",
  params: idParamsSchema,
  response: requestDtoSchema.extend({ canDecide: z.boolean() }),
  handler: async ({ caller, params, reply }) => {
    const request = await getRequest(caller, params.id);
    return reply({ ...toRequestDto(request), canDecide: request.canDecide });
  },
});
