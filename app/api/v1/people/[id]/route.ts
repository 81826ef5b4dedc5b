import { route } from "@/lib/api/route";
import { getPerson } from "@/lib/people/person";
import { personDetailSchema, personParamsSchema } from "@/lib/people/schemas";

export const GET = route({
  permission: "people.read",
  summary: "One person: access, sessions, AWS sessions and revocations (admins)",
  description:
    "Status and who ended it, groups and the roles they map to, live browser and CLI sessions, AWS sessions issued in the last 12 hours, the revocations of their AWS sessions with whether AWS has them yet, and the integrations they own.",
  tags: ["People"],
  params: personParamsSchema,
  response: personDetailSchema,
  errors: [404],
  handler: async ({ caller, params, reply }) => reply(await getPerson(caller, params.id)),
});
