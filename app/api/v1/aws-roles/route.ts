import { route } from "@/lib/api/route";
import { listUsableRoles } from "@/lib/credentials/role-list";
import { awsRoleListSchema } from "@/lib/credentials/schemas";

export const GET = route({
  permission: "roles.list",
  summary: "The AWS roles you may use",
  description:
    "Roles mapped to one of your IdP groups, sorted by account name, account id and role name. Those marked requiresApproval need an approved request first.",
  tags: ["Credentials"],
  response: awsRoleListSchema,
  handler: async ({ caller, reply }) => reply(await listUsableRoles(caller)),
});
