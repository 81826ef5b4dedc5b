import { route } from "@/lib/api/route";
import { breakGlassReviewSchema } from "@/lib/approvals/break-glass-logic";
import { reviewBreakGlass } from "@/lib/approvals/break-glass-review";
import { toGrantDto } from "@/lib/approvals/dto";
import { grantDtoSchema } from "@/lib/approvals/grant-schemas";
import { idParamsSchema } from "@/lib/approvals/schemas";

export const POST = route({
  permission: "grants.review",
  summary: "Review a break-glass use (managers who approve the role, and admins)",
  description:
    "Acknowledges someone else's break-glass activation with a comment; it then leaves the list awaiting review. Nobody reviews their own use (403); a use already reviewed is a 409.",
  tags: ["Approvals"],
  params: idParamsSchema,
  body: breakGlassReviewSchema,
  response: grantDtoSchema,
  errors: [404, 409],
  handler: async ({ caller, params, body, reply }) => reply(toGrantDto(await reviewBreakGlass(caller, params.id, body))),
});
