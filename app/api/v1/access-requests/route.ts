import { json, route } from "@/lib/api/route";
import { createRoleAccessRequest, listRequests } from "@/lib/approvals/requests";
import { createExternalAccessRequest } from "@/lib/approvals/external";
import { accessRequestSchema, requestListQuerySchema } from "@/lib/approvals/schemas";
import { toRequestDto } from "@/lib/approvals/dto";

export const GET = route({
  permission: "requests.read.own",
  query: requestListQuerySchema,
  handler: async ({ caller, query }) => json((await listRequests(caller, query)).map(toRequestDto)),
});

export const POST = route({
  permission: "requests.create",
  summary: "Request time-bound access to a role, or an IAM user and key for an external service",
  body: accessRequestSchema,
  handler: async ({ caller, body }) => {
    const created =
      body.kind === "ROLE_ACCESS" ? await createRoleAccessRequest(caller, body) : await createExternalAccessRequest(caller, body);
    return json(toRequestDto(created), { status: 201 });
  },
});
