import "server-only";
import type { Types } from "scimmy";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ScimError } from "@/lib/scim/errors";
import { plain, scimBaseUrl, scimmy, viaScimmy } from "@/lib/scim/scimmy";

// A SCIM Group: a name the IdP gives a set of people. Its displayName is what lands in each
// member's `users.groups`, so it is what role mappings (admin, manager, AWS roles) name.
// Members are people only (no nested groups: neither Okta nor Entra ID pushes them).

export const groupSelect = {
  id: true,
  displayName: true,
  externalId: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ScimGroupSelect;

export type GroupRow = Prisma.ScimGroupGetPayload<{ select: typeof groupSelect }>;
export type Member = { userId: string; email: string };

export type GroupInput = { displayName: string; externalId: string | null; members: string[] };

const MAX_NAME = 200;

export function groupData(row: GroupRow, members: readonly Member[] | null): Record<string, unknown> {
  const base = scimBaseUrl();
  return {
    id: row.id,
    displayName: row.displayName,
    externalId: row.externalId ?? undefined,
    ...(members
      ? { members: members.map((m) => ({ value: m.userId, display: m.email, $ref: `${base}/Users/${m.userId}`, type: "User" })) }
      : {}),
    meta: { created: row.createdAt, lastModified: row.updatedAt },
  };
}

/** `members` null: left out (the query excluded them). */
export function groupResource(row: GroupRow, members: readonly Member[] | null, attributes?: Types.Filter): Record<string, unknown> {
  const { Schemas } = scimmy();
  return plain(viaScimmy(() => new Schemas.Group(groupData(row, members), "out", `${scimBaseUrl()}/Groups`, attributes)));
}

/** A Group the IdP sent (POST, PUT, or the outcome of a PATCH), validated by scimmy's schema. */
export function groupInput(body: unknown): GroupInput {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ScimError(400, "invalidSyntax", "The body must be a SCIM Group object.");
  }
  const { Schemas, Types: T } = scimmy();
  const known = new Set<string>();
  for (const attribute of Schemas.Group.definition.attributes)
    if (attribute instanceof T.Attribute) known.add(attribute.name.toLowerCase());
  for (const key of Object.keys(body)) {
    if (!known.has(key.toLowerCase()) && !key.toLowerCase().startsWith("urn:")) {
      throw new ScimError(400, "invalidSyntax", `Unknown attribute "${key.slice(0, 100)}" for a Group.`);
    }
  }
  const group = plain(viaScimmy(() => new Schemas.Group(body, "in")));
  const displayName = typeof group.displayName === "string" ? group.displayName.trim() : "";
  if (!displayName || displayName.length > MAX_NAME) {
    throw new ScimError(400, "invalidValue", `displayName must be 1 to ${MAX_NAME} characters.`);
  }
  const members = Array.isArray(group.members) ? (group.members as { value?: unknown; type?: unknown }[]) : [];
  if (members.some((m) => m.type === "Group"))
    throw new ScimError(400, "invalidValue", "Nested groups are not supported: members must be Users.");
  if (members.some((m) => typeof m.value !== "string" || m.value === "")) {
    throw new ScimError(400, "invalidValue", "Each member needs the id of a User as its value.");
  }
  const externalId = typeof group.externalId === "string" && group.externalId.trim() ? group.externalId.trim().slice(0, 255) : null;
  return { displayName, externalId, members: [...new Set(members.map((m) => m.value as string))] };
}
