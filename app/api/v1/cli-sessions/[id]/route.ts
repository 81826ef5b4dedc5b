import { noContent, route } from "@/lib/api/route";
import { cliSessionIdParamsSchema } from "@/lib/cli-auth/schemas";
import { revokeCliSession } from "@/lib/cli-auth/sessions";

export const DELETE = route({
  permission: "cli.sessions.own",
  summary: "Revoke one of your CLI sessions",
  description: "Its access and refresh tokens stop working at once. `keyless logout` calls this for its own session.",
  tags: ["CLI sign-in"],
  params: cliSessionIdParamsSchema,
  status: 204,
  handler: async ({ caller, params }) => {
    await revokeCliSession(caller, params.id);
    return noContent();
  },
});
