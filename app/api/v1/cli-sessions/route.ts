import { route } from "@/lib/api/route";
import { cliSessionListSchema } from "@/lib/cli-auth/schemas";
import { listCliSessions } from "@/lib/cli-auth/sessions";

export const GET = route({
  permission: "cli.sessions.own",
  summary: "Your CLI sessions",
  description: "Every `keyless login` you did that is active or ended in the last week, with where and when it was last used.",
  tags: ["CLI sign-in"],
  response: cliSessionListSchema,
  handler: async ({ caller, reply }) => reply({ items: await listCliSessions(caller) }),
});
