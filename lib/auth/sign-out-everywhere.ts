import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { revokeAllCliSessions } from "@/lib/cli-auth/sessions";

/** Signs the user out of every browser and every CLI: their sessions end server-side. */
export async function signOutEverywhere(caller: UserCaller): Promise<number> {
  return withAudit(caller, "auth.sign_out_everywhere", undefined, async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId: caller.userId } });
    const cliSessions = await revokeAllCliSessions(caller, "signed out everywhere", tx);
    return { value: count, details: { sessions: count, cliSessions } };
  });
}
