import { route } from "@/lib/api/route";
import { createConsoleUrl } from "@/lib/credentials/issue";
import { consoleUrlRequestSchema, consoleUrlResponseSchema } from "@/lib/credentials/schemas";

export const POST = route({
  permission: "console.open",
  summary: "An AWS console sign-in link for a role",
  tags: ["Credentials"],
  body: consoleUrlRequestSchema,
  response: consoleUrlResponseSchema,
  errors: [404, 429, 502, 503],
  // Who asks is resolved inside the vending statement (one round trip before STS), which
  // checks the permission too: lib/credentials/preflight.ts.
  lookup: "in-handler",
  handler: async ({ credential, body, reply }) => reply(await createConsoleUrl(credential!, body)),
});
