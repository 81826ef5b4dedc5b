import "server-only";
import type { SystemCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/scim/errors";
import { equalityTerms } from "@/lib/scim/filter";
import { listResponse, PERSON_ID, type ListResponse } from "@/lib/scim/list-response";
import type { ListQuery } from "@/lib/scim/list-query";
import { SCHEMA_IDS } from "@/lib/scim/scimmy";
import { userResource, userSelect, type UserRow } from "@/lib/scim/user-resource";

// Reading people as SCIM Users. Everyone Keyless knows is listed, including people who
// signed in by SSO before the IdP provisioned them: an IdP looks them up by userName and
// adopts them (lib/scim/users-write.ts) instead of creating a second one. People the IdP
// deleted are kept for the audit trail but are gone for SCIM (404, never listed).

const FILTERABLE = ["userName", "externalId", "id"] as const;

/** Whom SCIM may see: everyone not deprovisioned. */
const visible: Prisma.UserWhereInput = { status: { not: "deprovisioned" } };

export async function findScimUser(id: string): Promise<UserRow | null> {
  if (!PERSON_ID.test(id)) return null;
  return db().user.findFirst({ where: { id, ...visible }, select: userSelect });
}

export async function getScimUser(caller: SystemCaller, id: string, query?: ListQuery): Promise<Record<string, unknown>> {
  await requirePermission(caller, "people.provision");
  const row = await findScimUser(id);
  if (!row) throw notFound("The User");
  return userResource(row, query?.attributes);
}

export async function listScimUsers(caller: SystemCaller, query: ListQuery): Promise<ListResponse> {
  await requirePermission(caller, "people.provision");
  const where: Prisma.UserWhereInput = { ...visible };
  const and: Prisma.UserWhereInput[] = [];
  for (const term of query.filter ? equalityTerms(query.filter, FILTERABLE, SCHEMA_IDS.user) : []) {
    // userName is case-insensitive (RFC 7643 §4.1.1) and stored lower-cased; externalId and id are exact.
    if (term.attribute === "userName") and.push({ email: term.value.trim().toLowerCase() });
    else if (term.attribute === "externalId") and.push({ externalId: term.value });
    else and.push({ id: term.value });
  }
  if (and.length > 0) where.AND = and;
  const [total, rows] = await Promise.all([
    db().user.count({ where }),
    query.count === 0
      ? Promise.resolve([] as UserRow[])
      : db().user.findMany({
          where,
          select: userSelect,
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          skip: query.startIndex - 1,
          take: query.count,
        }),
  ]);
  return listResponse(
    rows.map((r) => userResource(r, query.attributes)),
    total,
    query.startIndex,
  );
}
