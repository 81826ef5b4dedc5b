import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { SystemCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import type { Tx } from "@/lib/db";
import { endAccess } from "@/lib/lifecycle/end-access";
import { notFound, ScimError } from "@/lib/scim/errors";
import { leaveAllGroups } from "@/lib/scim/membership";
import { applyPatch, checkPatch } from "@/lib/scim/patch";
import { scimmy, viaScimmy } from "@/lib/scim/scimmy";
import { userData, userInput, userSelect, type UserInput, type UserRow } from "@/lib/scim/user-resource";
import { applyActive, DELETED } from "@/lib/scim/user-status";
import { assertUnique, changedFields, insertUser, isUniqueViolation, lockUser, updateUser } from "@/lib/scim/user-store";
import { findScimUser } from "@/lib/scim/users-read";

// Creating, replacing, patching and deleting people over SCIM. Each change is one audited
// transaction on the person's locked row (a write that changes nothing is neither written
// nor audited); what `active` says then follows (user-status.ts). A POST for someone
// Keyless knows from an SSO sign-in adopts that person (one row per email, history kept),
// and so does a POST for someone the IdP deleted earlier.

type Outcome = "created" | "adopted" | "reprovisioned";

export async function createScimUser(caller: SystemCaller, body: unknown): Promise<{ id: string; outcome: Outcome }> {
  await requirePermission(caller, "people.provision");
  const input = userInput(body);
  const result = await guarded(() =>
    withAudit(caller, "person.provision", undefined, async (tx) => {
      const found = (await adoptable(tx, input)) ?? (await created(tx, input)) ?? (await adoptable(tx, input));
      if (!found) throw new ScimError(409, "uniqueness", "Another person already has this externalId.");
      await assertUnique(tx, input, found.id);
      await updateUser(tx, found.id, input);
      return {
        value: found,
        target: { type: "user", id: found.id },
        details: { email: input.email, externalId: input.externalId, outcome: found.outcome },
      };
    }),
  );
  await applyActive(caller, result.id, input.active ?? true);
  return result;
}

async function created(tx: Tx, input: UserInput): Promise<{ id: string; outcome: Outcome } | null> {
  const id = await insertUser(tx, input);
  return id ? { id, outcome: "created" } : null;
}

/**
 * The row a POST may take over: a person who only signed in by SSO so far, or whom the IdP
 * deleted. Someone the IdP already provisioned is a 409 uniqueness (RFC 7644 §3.3).
 */
async function adoptable(tx: Tx, input: UserInput): Promise<{ id: string; outcome: Outcome } | null> {
  const [row] = await tx.$queryRaw<{ id: string; status: string; source: string }[]>`
    SELECT id, status::text AS status, source::text AS source FROM users WHERE email = ${input.email} FOR UPDATE`;
  if (!row) return null;
  if (row.status === "deprovisioned") {
    // Visible again, still without access: applyActive restores it, unless an admin's suspension holds.
    await tx.user.update({ where: { id: row.id }, data: { status: "suspended" }, select: { id: true } });
    return { id: row.id, outcome: "reprovisioned" };
  }
  if (row.source === "scim") throw new ScimError(409, "uniqueness", `A User with userName ${input.email} already exists.`);
  return { id: row.id, outcome: "adopted" };
}

export async function replaceScimUser(caller: SystemCaller, id: string, body: unknown): Promise<void> {
  await requirePermission(caller, "people.provision");
  const input = userInput(body);
  await writeUser(caller, id, async () => input);
  await applyActive(caller, id, input.active);
}

export async function patchScimUser(caller: SystemCaller, id: string, body: unknown): Promise<void> {
  await requirePermission(caller, "people.provision");
  const input = await writeUser(caller, id, (row) => patched(row, body));
  await applyActive(caller, id, input?.active);
}

/** The User after the PATCH, as input to write; null when the operations change nothing. */
async function patched(row: UserRow, body: unknown): Promise<UserInput | null> {
  const current = userData(row);
  const message = checkPatch(body, current);
  const { Schemas } = scimmy();
  const outcome = await applyPatch(
    message,
    viaScimmy(() => new Schemas.User(current, "out")),
  );
  if (!outcome) return null;
  const groupsBefore = (current.groups as { value: string }[]).map((g) => g.value);
  const groupsAfter = Array.isArray(outcome.groups) ? (outcome.groups as { value?: unknown }[]).map((g) => g.value) : [];
  if (JSON.stringify(groupsBefore) !== JSON.stringify(groupsAfter)) {
    throw new ScimError(400, "mutability", "groups is read-only: change memberships through /Groups.");
  }
  return userInput(outcome);
}

/**
 * Writes what `next` makes of the person: first on a snapshot (bad input fails here, and a
 * write that changes nothing stops here), then again on the locked row, in the audited
 * transaction. Returns what was asked (its `active` still to apply), null when nothing.
 */
async function writeUser(caller: SystemCaller, id: string, next: (row: UserRow) => Promise<UserInput | null>): Promise<UserInput | null> {
  const snapshot = await findScimUser(id);
  if (!snapshot) throw notFound("The User");
  const first = await next(snapshot);
  if (!first || changedFields(snapshot, first).length === 0) return first;
  return guarded(() =>
    withAudit(caller, "person.update", { type: "user", id }, async (tx) => {
      if (!(await lockUser(tx, id))) throw notFound("The User");
      const row = await tx.user.findUniqueOrThrow({ where: { id }, select: userSelect });
      const input = await next(row);
      const changed = input ? changedFields(row, input) : [];
      if (input && changed.length > 0) {
        await assertUnique(tx, input, id);
        await updateUser(tx, id, input);
      }
      const previous = changed.includes("userName") ? { previousEmail: row.email } : {};
      return { value: input, details: { email: input?.email ?? row.email, changed, ...previous } };
    }),
  );
}

export async function deleteScimUser(caller: SystemCaller, id: string): Promise<void> {
  await requirePermission(caller, "people.provision");
  if (!(await findScimUser(id))) throw notFound("The User");
  // Group memberships first (each person's groups shrink as they would on removal), then
  // everything else ends; a retry after a failure in between finds the person still there.
  await leaveAllGroups(caller, id);
  await endAccess(caller, id, { by: "scim", reason: DELETED, deprovision: true });
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ScimError(409, "uniqueness", "The userName or externalId is already taken by another person.");
    throw error;
  }
}
