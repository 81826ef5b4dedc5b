import "server-only";
import type { SystemCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/scim/errors";
import { equalityTerms } from "@/lib/scim/filter";
import { groupResource, groupSelect, type GroupRow, type Member } from "@/lib/scim/group-resource";
import { GROUP_ID, listResponse, PERSON_ID, type ListResponse } from "@/lib/scim/list-response";
import type { ListQuery } from "@/lib/scim/list-query";
import { SCHEMA_IDS } from "@/lib/scim/scimmy";

// Reading SCIM groups. IdPs look a group up by displayName before they create it, and
// Entra ID checks a membership with `members[value eq "…"]`; both are answered from
// indexed columns. Members are read only when the answer includes them.

const FILTERABLE = ["displayName", "externalId", "id", "members.value"] as const;

export async function findScimGroup(id: string): Promise<GroupRow | null> {
  if (!GROUP_ID.test(id)) return null;
  return db().scimGroup.findUnique({ where: { id }, select: groupSelect });
}

/** Members who still exist for SCIM (a deprovisioned person has left every group). */
export async function membersOf(groupIds: readonly string[]): Promise<Map<string, Member[]>> {
  const rows = await db().scimGroupMember.findMany({
    where: { groupId: { in: [...groupIds] }, user: { status: { not: "deprovisioned" } } },
    select: { groupId: true, userId: true, user: { select: { email: true } } },
    orderBy: [{ groupId: "asc" }, { userId: "asc" }],
  });
  const out = new Map<string, Member[]>(groupIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.groupId)?.push({ userId: r.userId, email: r.user.email });
  return out;
}

export async function getScimGroup(caller: SystemCaller, id: string, query?: ListQuery): Promise<Record<string, unknown>> {
  await requirePermission(caller, "people.provision");
  const row = await findScimGroup(id);
  if (!row) throw notFound("The Group");
  const members = query?.withoutMembers ? null : ((await membersOf([row.id])).get(row.id) ?? []);
  return groupResource(row, members, query?.attributes);
}

export async function listScimGroups(caller: SystemCaller, query: ListQuery): Promise<ListResponse> {
  await requirePermission(caller, "people.provision");
  const and: Prisma.ScimGroupWhereInput[] = [];
  for (const term of query.filter ? equalityTerms(query.filter, FILTERABLE, SCHEMA_IDS.group) : []) {
    if (term.attribute === "displayName") and.push({ displayName: { equals: term.value, mode: "insensitive" } });
    else if (term.attribute === "externalId") and.push({ externalId: term.value });
    // Ids Keyless never hands out match nothing (and never reach a uuid column as text).
    else if (term.attribute === "id") and.push(GROUP_ID.test(term.value) ? { id: term.value } : { id: { in: [] } });
    else and.push(PERSON_ID.test(term.value) ? { members: { some: { userId: term.value } } } : { id: { in: [] } });
  }
  const where: Prisma.ScimGroupWhereInput = and.length > 0 ? { AND: and } : {};
  const [total, rows] = await Promise.all([
    db().scimGroup.count({ where }),
    query.count === 0
      ? Promise.resolve([] as GroupRow[])
      : db().scimGroup.findMany({
          where,
          select: groupSelect,
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          skip: query.startIndex - 1,
          take: query.count,
        }),
  ]);
  const members = query.withoutMembers ? null : await membersOf(rows.map((r) => r.id));
  return listResponse(
    rows.map((r) => groupResource(r, members ? (members.get(r.id) ?? []) : null, query.attributes)),
    total,
    query.startIndex,
  );
}
