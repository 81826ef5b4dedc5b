import { json, route } from "@/lib/api/route";
import { issueCredentials } from "@/lib/credentials/issue";
import { credentialsRequestSchema } from "@/lib/credentials/schemas";

export const POST = route({
  permission: "credentials.issue",
  body: credentialsRequestSchema,
  handler: async ({ caller, body }) => json(await issueCredentials(caller, body)),
});
