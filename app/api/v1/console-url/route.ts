import { json, route } from "@/lib/api/route";
import { createConsoleUrl } from "@/lib/credentials/issue";
import { consoleUrlRequestSchema } from "@/lib/credentials/schemas";

export const POST = route({
  permission: "console.open",
  body: consoleUrlRequestSchema,
  handler: async ({ caller, body }) => json(await createConsoleUrl(caller, body)),
});
