import "server-only";
import type { SystemCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { endAccess } from "@/lib/lifecycle/end-access";
import { restoreAccess } from "@/lib/lifecycle/restore-access";

// What `active` means for a person. active:false ends their access everywhere (browser and
// CLI sessions, pending requests, grants, live AWS sessions: lib/lifecycle/end-access.ts),
// and only SCIM or an admin can undo it, never a sign-in. active:true lifts what SCIM or an
// IdP refusal ended; an administrator's suspension stays, and the User then reads
// active:false, which is the truth (the IdP sees it and is not sent an error).
// Runs after the write's transaction: endAccess and restoreAccess are audited transactions
// of their own, and lock the person's row.

export const DEACTIVATED = "deactivated by the identity provider (SCIM)";
export const DELETED = "deleted by the identity provider (SCIM)";

export async function applyActive(caller: SystemCaller, userId: string, active: boolean | undefined): Promise<void> {
  if (active === undefined) return;
  const person = await db().user.findUnique({ where: { id: userId }, select: { status: true, suspendedBy: true } });
  if (!person) return;
  if (!active) {
    // Already ended by SCIM or an admin: nothing more to end. Ended by an IdP refusal only:
    // SCIM's word is stronger (a sign-in must no longer lift it), so it is recorded again.
    const endedForGood = person.status !== "active" && (person.suspendedBy === "scim" || person.suspendedBy === "admin");
    if (!endedForGood) await endAccess(caller, userId, { by: "scim", reason: DEACTIVATED });
    return;
  }
  if (person.status === "active") return;
  try {
    await restoreAccess(caller, userId, "scim");
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}
