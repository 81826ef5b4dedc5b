import { json, route } from "@/lib/api/route";
import { toRequestDto } from "@/lib/approvals/dto";
import { getRequest } from "@/lib/approvals/requests";
import { idParamsSchema } from "@/lib/approvals/schemas";

export const GET = route({
  permission: "requests.read.own",
  params: idParamsSchema,
  handler: async ({ caller, params }) => {
    const request = await getRequest(caller, params.id);
    return json({ ...toRequestDto(request), canDecide: request.canDecide });
  },
});
