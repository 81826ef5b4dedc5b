import { route } from "@/lib/api/route";
import { issueCredentials } from "@/lib/credentials/issue";
import { credentialsRequestSchema, credentialsResponseSchema } from "@/lib/credentials/schemas";

export const POST = route({
  permission: "credentials.issue",
  summary: "Temporary AWS credentials for a role",
  description:
    "Calls STS AssumeRole as Keyless with your email as source identity. Rate limited per API token and per person (429 with Retry-After). Never cached: Cache-Control: no-store.",
  tags: ["Credentials"],
  body: credentialsRequestSchema,
  response: credentialsResponseSchema,
  errors: [404, 429, 502, 503],
  handler: async ({ caller, body, reply }) => reply(await issueCredentials(caller, body)),
});
