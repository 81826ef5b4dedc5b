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
  // Who asks is resolved inside the vending statement (one round trip before STS), which
  // checks the permission too: lib/credentials/preflight.ts.
  lookup: "in-handler",
  handler: async ({ credential, body, reply }) => reply(await issueCredentials(credential!, body)),
});
