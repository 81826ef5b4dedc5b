import { route } from "@/lib/api/route";
import { toGrantDto } from "@/lib/approvals/dto";
import { grantListQuerySchema, grantListSchema } from "@/lib/approvals/grant-schemas";
import { listGrants } from "@/lib/approvals/grants";

export const GET = route({
  permission: "requests.read.own",
  summary: "Grants: live time-bound access, or break-glass uses awaiting review",
  description:
    "Your live grants (scope=mine), or everyone's for managers and admins (scope=all). With awaitingReview=true: the break-glass uses nobody has reviewed yet, whether or not they have ended.",
  tags: ["Approvals"],
  query: grantListQuerySchema,
  response: grantListSchema,
  handler: async ({ caller, query, reply }) =>
    reply((await listGrants(caller, query.scope, { awaitingReview: query.awaitingReview })).map(toGrantDto)),
});
