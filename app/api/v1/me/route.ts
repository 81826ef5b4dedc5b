import { route } from "@/lib/api/route";
import { meResponseSchema } from "@/lib/auth/schemas";
import { awsSessionsRevokedAt } from "@/lib/lifecycle/me";

export const GET = route({
  permission: "me.read",
  summary: "Who you are: email, Keyless roles and IdP groups",
  description:
    "Also when your live AWS sessions were last revoked (`awsSessionsRevokedAt`): credentials issued before that moment are refused by AWS, and the CLI drops any it cached.",
  tags: ["Identity"],
  response: meResponseSchema,
  handler: async ({ caller, reply }) =>
    reply({
      email: caller.email,
      name: caller.name,
      roles: caller.roles,
      groups: caller.groups,
      awsSessionsRevokedAt: (await awsSessionsRevokedAt(caller.userId))?.toISOString() ?? null,
    }),
});
