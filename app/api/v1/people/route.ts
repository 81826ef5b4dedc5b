import { route } from "@/lib/api/route";
import { listPeople } from "@/lib/people/list";
import { peopleListSchema, peopleQuerySchema } from "@/lib/people/schemas";

export const GET = route({
  permission: "people.read",
  summary: "Everyone Keyless knows (admins)",
  description:
    "Searched by email or name, filtered by status, source and role, and paged with `nextCursor`. Each person comes with their live browser and CLI sessions and the AWS sessions Keyless issued them in the last 12 hours.",
  tags: ["People"],
  query: peopleQuerySchema,
  response: peopleListSchema,
  handler: async ({ caller, query, reply }) => reply(await listPeople(caller, query)),
});
