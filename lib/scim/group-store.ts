import "server-only";
import type { Tx } from "@/lib/db";
import { notFound, ScimError } from "@/lib/scim/errors";
import { groupSelect, type GroupInput, type GroupRow, type Member } from "@/lib/scim/group-resource";

// A group's row inside the caller's transaction: locked, its members read, and what must
// hold before it is written (a displayName unique whatever its case, an externalId of its
// own, members who are people SCIM can see).

export function unchanged(row: GroupRow, members: readonly Member[], input: GroupInput): boolean {
  const ids = members.map((m) => m.userId);
  const sameMembers = ids.length === input.members.length && input.members.every((u) => ids.includes(u));
  return sameMembers && row.displayName === input.displayName && row.externalId === input.externalId;
}

export async function lockGroup(tx: Tx, id: string): Promise<GroupRow> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM scim_groups WHERE id = ${id}::uuid FOR UPDATE`;
  if (locked.length === 0) throw notFound("The Group");
  return tx.scimGroup.findUniqueOrThrow({ where: { id }, select: groupSelect });
}

export async function membersIn(tx: Tx, id: string): Promise<Member[]> {
  const rows = await tx.scimGroupMember.findMany({
    where: { groupId: id, user: { status: { not: "deprovisioned" } } },
    select: { userId: true, user: { select: { email: true } } },
    orderBy: { userId: "asc" },
  });
  return rows.map((r) => ({ userId: r.userId, email: r.user.email }));
}

export async function assertUnique(tx: Tx, input: GroupInput, selfId: string | null): Promise<void> {
  const not = selfId ? { id: { not: selfId } } : {};
  if (
    await tx.scimGroup.findFirst({
      where: { displayName: { equals: input.displayName, mode: "insensitive" }, ...not },
      select: { id: true },
    })
  ) {
    throw new ScimError(409, "uniqueness", `A Group named "${input.displayName}" already exists.`);
  }
  if (input.externalId && (await tx.scimGroup.findFirst({ where: { externalId: input.externalId, ...not }, select: { id: true } }))) {
    throw new ScimError(409, "uniqueness", "Another Group already has this externalId.");
  }
}

/** Every member must be a person SCIM can see. */
export async function assertPeople(tx: Tx, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const found = await tx.user.findMany({ where: { id: { in: [...userIds] }, status: { not: "deprovisioned" } }, select: { id: true } });
  const missing = userIds.filter((u) => !found.some((f) => f.id === u));
  if (missing.length > 0) throw new ScimError(400, "invalidValue", `No User with id ${missing.slice(0, 5).join(", ")}.`);
}
