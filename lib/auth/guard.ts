import "server-only";
import { auditRefusal } from "@/lib/audit/record";
import type { Caller, UserCaller } from "@/lib/auth/caller";
import { ForbiddenError } from "@/lib/errors";
import { hasPermission, SYSTEM_PERMISSIONS, type Permission } from "@/lib/permissions";

export function can(caller: Caller, permission: Permission): boolean {
  return caller.kind === "system" ? SYSTEM_PERMISSIONS.has(permission) : hasPermission(caller.roles, permission);
}

/** Every DAL function starts here. A refusal is audited and thrown as a 403. */
export async function requirePermission(caller: Caller, permission: Permission): Promise<void> {
  if (can(caller, permission)) return;
  await auditRefusal(caller, "authz.denied", { details: { permission } });
  throw new ForbiddenError(`Your role does not allow this (needs “${permission}”).`);
}

/** For actions only a person may take (never a background job). */
export async function requireUserPermission(caller: Caller, permission: Permission): Promise<UserCaller> {
  if (caller.kind !== "user") throw new ForbiddenError("This action needs a signed-in user.");
  await requirePermission(caller, permission);
  return caller;
}
