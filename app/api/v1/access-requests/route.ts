import { z } from "zod";
import { route } from "@/lib/api/route";
import { createRoleAccessRequest, listRequests } from "@/lib/approvals/requests";
import { createExternalAccessRequest } from "@/lib/approvals/external";
import { accessRequestSchema, requestListQuerySchema } from "@/lib/approvals/schemas";
import { requestDtoSchema, toRequestDto } from "@/lib/approvals/dto";

export const GET = route({
  permission: "requests.read.own",
  query: requestListQuerySchema,
  response: z.array(requestDtoSchema),
  handler: async ({ caller, query, reply }) => reply((await listRequests(caller, query)).map(toRequestDto)),
});

export const POST = route({
  permission: "requests.create",
  summary: "Request time-bound access to a role, or an IAM user and key for an external service",
  description: "The request's permissions are read from IAM and analysed as it is made: `risk` says how dangerous they are, and why.",
  body: accessRequestSchema,
  response: requestDtoSchema,
  status: 201,
  handler: async ({ caller, body, reply }) => {
    const created =
      body.kind === "ROLE_ACCESS" ? await createRoleAccessRequest(caller, body) : await createExternalAccessRequest(caller, body);
    return reply(toRequestDto(created));
  },
});
