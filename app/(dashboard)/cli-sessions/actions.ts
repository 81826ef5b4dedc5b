"use server";

import { cookies } from "next/headers";
import { action } from "@/lib/actions/action";
import { sessionCookie } from "@/lib/auth/cookies";
import { cliSessionIdParamsSchema } from "@/lib/cli-auth/schemas";
import { revokeCliSession } from "@/lib/cli-auth/sessions";
import { revokeAllMySessions } from "@/lib/people/my-sessions";

export const revokeCliSessionAction = action({
  permission: "cli.sessions.own",
  input: cliSessionIdParamsSchema,
  handler: ({ caller, input }) => revokeCliSession(caller, input.id),
  message: "Revoked. That terminal must sign in again.",
  revalidate: ["/cli-sessions"],
});

/** A lost laptop: every session of the caller ends (this browser's too), then sign in again. */
export const revokeAllMySessionsAction = action({
  permission: "sessions.revoke.own",
  handler: async ({ caller }) => {
    await revokeAllMySessions(caller);
    // The row is gone already; the cookie that named it goes too.
    const { name, options } = sessionCookie();
    (await cookies()).set(name, "", { ...options, maxAge: 0 });
  },
  redirect: () => "/signin?revoked=1",
});
