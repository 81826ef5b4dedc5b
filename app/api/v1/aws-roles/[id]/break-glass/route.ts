import { route } from "@/lib/api/route";
import { activateBreakGlass } from "@/lib/approvals/break-glass";
import { breakGlassActivationSchema } from "@/lib/approvals/break-glass-logic";
import { toGrantDto } from "@/lib/approvals/dto";
import { grantDtoSchema } from "@/lib/approvals/grant-schemas";
import { idParamsSchema } from "@/lib/approvals/schemas";

export const POST = route({
  permission: "grants.break-glass",
  summary: "Activate a break-glass role now, without approval",
  description:
    "For a role marked break-glass that your groups may use: a grant starts at once for the role's break-glass duration (or durationSeconds, if shorter), and credentials can then be issued as with an approved grant. Every approver of the role and every admin is notified immediately, and the use awaits a manager's or admin's review. The justification (at least 20 characters) is mandatory. 403 for a role that is not break-glass, 404 for one your groups do not map to, 409 while you already have access.",
  tags: ["Credentials"],
  params: idParamsSchema,
  body: breakGlassActivationSchema,
  response: grantDtoSchema,
  status: 201,
  errors: [404, 409],
  handler: async ({ caller, params, body, reply }) => reply(toGrantDto(await activateBreakGlass(caller, params.id, body)), { status: 201 }),
});
