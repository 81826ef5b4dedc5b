import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { revokeAllCliSessions } from "@/lib/cli-auth/sessions";
import { db } from "@/lib/db";

/** Signs the user out of every browser and every CLI: their sessions end server-side. */
export async function signOutEverywhere(caller: UserCaller): Promise<number> {
  const { count } = await db().session.deleteMany({ where: { userId: caller.userId } });
  const cliSessions = await revokeAllCliSessions(caller, "signed out everywhere");
  await recordAudit(caller, { action: "auth.sign_out_everywhere", outcome: "success", details: { sessions: count, cliSessions } });
  return count;
}
