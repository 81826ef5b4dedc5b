import { route } from "@/lib/api/route";
import { sessionCookieName } from "@/lib/auth/cookies";
import { getMySessions } from "@/lib/people/my-sessions";
import { mySessionsSchema } from "@/lib/people/schemas";

export const GET = route({
  permission: "sessions.revoke.own",
  summary: "Your sessions: browsers, CLIs and AWS sessions of the last 12 hours",
  description: "`current` marks the browser or CLI session that made this request.",
  tags: ["Sessions"],
  response: mySessionsSchema,
  handler: async ({ caller, request, reply }) => {
    const cookie = caller.via === "session" ? (request.cookies.get(sessionCookieName())?.value ?? null) : null;
    return reply(await getMySessions(caller, cookie));
  },
});
