import { json, route } from "@/lib/api/route";

export const GET = route({
  permission: "me.read",
  handler: async ({ caller }) => json({ email: caller.email, name: caller.name, roles: caller.roles, groups: caller.groups }),
});
