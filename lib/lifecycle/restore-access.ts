import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { EndedBy } from "@/lib/lifecycle/end-access";

// Lifting a suspension. Whoever ended access with the stronger reason decides: an admin's
// Suspend is lifted only by an admin, SCIM's deactivation only by SCIM (the IdP is the
// source of truth for who works here), and an IdP refusal by SCIM or a successful sign-in.
// Nothing that was ended comes back: the person signs in again and gets new sessions.

const MAY_LIFT: Record<EndedBy, readonly EndedBy[]> = { admin: ["admin"], scim: ["scim"], idp: ["idp", "scim"] };

/** Whether `by` may lift a suspension made by `suspendedBy`. */
export function mayLift(suspendedBy: EndedBy | null, by: EndedBy): boolean {
  return suspendedBy === null || MAY_LIFT[suspendedBy].includes(by);
}

export async function restoreAccess(actor: Caller, userId: string, by: EndedBy): Promise<{ restored: boolean }> {
  await requirePermission(actor, actor.kind === "user" ? "people.manage" : "people.provision");
  const current = await db().user.findUnique({ where: { id: userId }, select: { status: true } });
  if (!current) throw new NotFoundError("The person");
  if (current.status === "active") return { restored: false };
  return withAudit<{ restored: boolean }>(actor, "person.reactivate", { type: "user", id: userId }, async (tx) => {
    const person = await tx.user.findUnique({ where: { id: userId }, select: { email: true, status: true, suspendedBy: true } });
    if (!person) throw new NotFoundError("The person");
    if (person.status === "active") return { value: { restored: false }, details: { email: person.email, by, alreadyActive: true } };
    if (!mayLift(person.suspendedBy, by)) {
      const who = person.suspendedBy === "admin" ? "an administrator" : "your identity provider (SCIM)";
      throw new ConflictError(`This person was suspended by ${who}; only ${who} can reactivate them.`);
    }
    await tx.user.update({
      where: { id: userId },
      data: { status: "active", suspendedBy: null, suspendedAt: null, suspendedReason: null },
      select: { id: true },
    });
    return { value: { restored: true }, details: { email: person.email, by, wasSuspendedBy: person.suspendedBy } };
  });
}
