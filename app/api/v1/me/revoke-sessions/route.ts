import { route } from "@/lib/api/route";
import { revokeAllMySessions } from "@/lib/people/my-sessions";
import { revokeMineResultSchema } from "@/lib/people/schemas";

export const POST = route({
  permission: "sessions.revoke.own",
  summary: "Revoke all your sessions (a lost laptop)",
  description:
    "Signs you out of every browser and every CLI (this one too) and revokes the AWS credentials Keyless issued you that are still alive. Sign in again to carry on.",
  tags: ["Sessions"],
  response: revokeMineResultSchema,
  handler: async ({ caller, reply }) => reply(await revokeAllMySessions(caller)),
});
