import { json, route } from "@/lib/api/route";
import { listUsableRoles } from "@/lib/credentials/roles";

export const GET = route({
  permission: "roles.list",
  handler: async ({ caller }) => {
    const roles = await listUsableRoles(caller);
    return json(
      roles.map((r) => ({
        id: r.id,
        accountId: r.accountId,
        accountName: r.accountName,
        roleName: r.roleName,
        roleArn: r.roleArn,
        maxDurationSeconds: r.maxDurationSeconds,
        requiresApproval: r.requiresApproval,
        deliveryMode: r.deliveryMode,
      })),
    );
  },
});
