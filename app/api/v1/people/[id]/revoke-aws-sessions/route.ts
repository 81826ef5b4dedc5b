import { route } from "@/lib/api/route";
import { revokePersonAwsSessions } from "@/lib/people/manage";
import { personParamsSchema, revokeAwsBodySchema, revokeAwsResultSchema } from "@/lib/people/schemas";

export const POST = route({
  permission: "people.manage",
  summary: "Revoke a person's live AWS sessions (admins)",
  description:
    "Every AWS session Keyless issued them that may still be alive is denied through the role's KeylessRevokedSessions policy. Their Keyless sessions stay: they may get new credentials at once.",
  tags: ["People"],
  params: personParamsSchema,
  body: revokeAwsBodySchema,
  response: revokeAwsResultSchema,
  errors: [404],
  handler: async ({ caller, params, body, reply }) => reply(await revokePersonAwsSessions(caller, params.id, body)),
});
