import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { listGrants } from "@/lib/approvals/grants";

export const GET = route({
  permission: "requests.read.own",
  query: z.object({ scope: z.enum(["mine", "all"]).default("mine") }),
  handler: async ({ caller, query }) =>
    json(
      (await listGrants(caller, query.scope)).map((g) => ({
        id: g.id,
        user: g.user.email,
        roleArn: g.awsRole.roleArn,
        accountId: g.awsRole.account.accountId,
        startsAt: g.startsAt.toISOString(),
        expiresAt: g.expiresAt.toISOString(),
        requestId: g.requestId,
      })),
    ),
});
