import { route } from "@/lib/api/route";
import { suspendPerson } from "@/lib/people/manage";
import { personParamsSchema, suspendBodySchema, suspendResultSchema } from "@/lib/people/schemas";

export const POST = route({
  permission: "people.manage",
  summary: "Suspend a person (admins)",
  description:
    "Ends their access everywhere at once: browser and CLI sessions end, pending requests are cancelled, grants revoked, integrations they own are flagged for a new owner, and their live AWS sessions are revoked (the role policy is written within seconds). Only an admin can lift it. You cannot suspend yourself (403).",
  tags: ["People"],
  params: personParamsSchema,
  body: suspendBodySchema,
  response: suspendResultSchema,
  errors: [404, 409],
  handler: async ({ caller, params, body, reply }) => reply(await suspendPerson(caller, params.id, body)),
});
