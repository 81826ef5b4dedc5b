import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { SystemCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { notFound, ScimError } from "@/lib/scim/errors";
import { groupData, groupInput, type GroupInput, type GroupRow, type Member } from "@/lib/scim/group-resource";
import { assertPeople, assertUnique, lockGroup, membersIn, unchanged } from "@/lib/scim/group-store";
import { findScimGroup, membersOf } from "@/lib/scim/groups-read";
import { afterMembership, applyMembership, type MemberChange } from "@/lib/scim/membership";
import { applyPatch, checkPatch } from "@/lib/scim/patch";
import { scimmy, viaScimmy } from "@/lib/scim/scimmy";
import { isUniqueViolation } from "@/lib/scim/user-store";

// Creating, renaming, re-membering and deleting SCIM groups. Each change is one audited
// transaction on the locked group row that also re-derives every affected member's groups
// (lib/scim/membership.ts); the AWS side of what members lost follows after the commit.

const LISTED = 50;

export async function createScimGroup(caller: SystemCaller, body: unknown): Promise<string> {
  await requirePermission(caller, "people.provision");
  const input = groupInput(body);
  const at = new Date();
  const { id, changes } = await guarded(() =>
    withAudit(caller, "scim.group_create", undefined, async (tx, also) => {
      await assertUnique(tx, input, null);
      await assertPeople(tx, input.members);
      const group = await tx.scimGroup.create({
        data: { displayName: input.displayName, externalId: input.externalId },
        select: { id: true },
      });
      await tx.scimGroupMember.createMany({ data: input.members.map((userId) => ({ groupId: group.id, userId })) });
      const changes = await applyMembership(
        tx,
        also,
        caller,
        { name: null, members: [] },
        { name: input.displayName, members: input.members },
        at,
      );
      return {
        value: { id: group.id, changes },
        target: { type: "scim_group", id: group.id },
        details: {
          displayName: input.displayName,
          externalId: input.externalId,
          members: input.members.slice(0, LISTED),
          memberCount: input.members.length,
        },
      };
    }),
  );
  await afterMembership(caller, changes, at);
  return id;
}

export async function replaceScimGroup(caller: SystemCaller, id: string, body: unknown): Promise<void> {
  await requirePermission(caller, "people.provision");
  const input = groupInput(body);
  await writeGroup(caller, id, async () => input);
}

export async function patchScimGroup(caller: SystemCaller, id: string, body: unknown): Promise<void> {
  await requirePermission(caller, "people.provision");
  await writeGroup(caller, id, async (row, members) => {
    const current = groupData(row, members);
    const message = checkPatch(body, current);
    const { Schemas } = scimmy();
    const outcome = await applyPatch(
      message,
      viaScimmy(() => new Schemas.Group(current, "out")),
    );
    return outcome ? groupInput(outcome) : null;
  });
}

type Next = (row: GroupRow, members: Member[]) => Promise<GroupInput | null>;

/** Like users-write's writeUser: checked on a snapshot first, then applied on the locked row. */
async function writeGroup(caller: SystemCaller, id: string, next: Next): Promise<void> {
  const snapshot = await findScimGroup(id);
  if (!snapshot) throw notFound("The Group");
  const members = (await membersOf([id])).get(id) ?? [];
  const first = await next(snapshot, members);
  if (!first || unchanged(snapshot, members, first)) return;
  const at = new Date();
  const changes = await guarded(() =>
    withAudit(caller, "scim.group_update", { type: "scim_group", id }, async (tx, also) => {
      const row = await lockGroup(tx, id);
      const current = await membersIn(tx, id);
      const before = current.map((m) => m.userId);
      const input = await next(row, current);
      const after = input?.members ?? before;
      const added = after.filter((u) => !before.includes(u));
      const removed = before.filter((u) => !after.includes(u));
      if (input) {
        await assertUnique(tx, input, id);
        await assertPeople(tx, added);
        await tx.scimGroup.update({
          where: { id },
          data: { displayName: input.displayName, externalId: input.externalId },
          select: { id: true },
        });
        await tx.scimGroupMember.deleteMany({ where: { groupId: id, userId: { in: removed } } });
        await tx.scimGroupMember.createMany({ data: added.map((userId) => ({ groupId: id, userId })) });
      }
      const name = input?.displayName ?? row.displayName;
      const changes = await applyMembership(tx, also, caller, { name: row.displayName, members: before }, { name, members: after }, at);
      const renamed = name !== row.displayName ? { previousName: row.displayName } : {};
      return {
        value: changes,
        details: {
          displayName: name,
          ...renamed,
          added: added.slice(0, LISTED),
          removed: removed.slice(0, LISTED),
          addedCount: added.length,
          removedCount: removed.length,
        },
      };
    }),
  );
  await afterMembership(caller, changes, at);
}

export async function deleteScimGroup(caller: SystemCaller, id: string): Promise<void> {
  await requirePermission(caller, "people.provision");
  if (!(await findScimGroup(id))) throw notFound("The Group");
  const at = new Date();
  const changes = await withAudit(caller, "scim.group_delete", { type: "scim_group", id }, async (tx, also) => {
    const row = await lockGroup(tx, id);
    const members = (await tx.scimGroupMember.findMany({ where: { groupId: id }, select: { userId: true } })).map((m) => m.userId);
    const changes: MemberChange[] = await applyMembership(
      tx,
      also,
      caller,
      { name: row.displayName, members },
      { name: null, members: [] },
      at,
    );
    await tx.scimGroup.delete({ where: { id }, select: { id: true } });
    return { value: changes, details: { displayName: row.displayName, memberCount: members.length } };
  });
  await afterMembership(caller, changes, at);
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ScimError(409, "uniqueness", "The displayName or externalId is already taken by another Group.");
    throw error;
  }
}
