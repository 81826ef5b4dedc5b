import { route } from "@/lib/api/route";
import { reactivatePerson } from "@/lib/people/manage";
import { personParamsSchema, reactivateResultSchema } from "@/lib/people/schemas";

export const POST = route({
  permission: "people.manage",
  summary: "Reactivate a person an admin suspended (admins)",
  description:
    "Lifts an admin's suspension: the person may sign in again (nothing that was ended comes back). A person deactivated by the identity provider (SCIM) can only be reactivated there: 409. `restored` is false when they were not suspended.",
  tags: ["People"],
  params: personParamsSchema,
  response: reactivateResultSchema,
  errors: [404, 409],
  handler: async ({ caller, params, reply }) => reply(await reactivatePerson(caller, params.id)),
});
