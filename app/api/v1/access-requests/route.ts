import { json, route } from "@/lib/api/route";
import { createRoleAccessRequest, listRequests } from "@/lib/approvals/requests";
import { requestListQuerySchema, roleAccessRequestSchema } from "@/lib/approvals/schemas";
import { toRequestDto } from "@/lib/approvals/dto";

export const GET = route({
  permission: "requests.read.own",
  query: requestListQuerySchema,
  handler: async ({ caller, query }) => json((await listRequests(caller, query)).map(toRequestDto)),
});

export const POST = route({
  permission: "requests.create",
  body: roleAccessRequestSchema,
  handler: async ({ caller, body }) => json(toRequestDto(await createRoleAccessRequest(caller, body)), { status: 201 }),
});
