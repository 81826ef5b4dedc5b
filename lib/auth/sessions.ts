import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";

/** Signs the user out of every browser: their sessions are deleted server-side. */
export async function signOutEverywhere(caller: UserCaller): Promise<number> {
  const { count } = await db().session.deleteMany({ where: { userId: caller.userId } });
  await recordAudit(caller, { action: "auth.sign_out_everywhere", outcome: "success", details: { sessions: count } });
  return count;
}
