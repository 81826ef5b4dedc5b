import { route } from "@/lib/api/route";
import { meResponseSchema } from "@/lib/auth/schemas";

export const GET = route({
  permission: "me.read",
  summary: "Who you are: email, Keyless roles and IdP groups",
  tags: ["Identity"],
  response: meResponseSchema,
  handler: async ({ caller, reply }) => reply({ email: caller.email, name: caller.name, roles: caller.roles, groups: caller.groups }),
});
