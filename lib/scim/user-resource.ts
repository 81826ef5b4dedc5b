import "server-only";
import type { Types } from "scimmy";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ScimError } from "@/lib/scim/errors";
import { plain, scimBaseUrl, scimmy, viaScimmy } from "@/lib/scim/scimmy";

// A Keyless person as a SCIM User, and back. Keyless keeps what it acts on in columns:
// userName is the email (lower-cased: it keys sign-in, audit and AWS SourceIdentity), the
// IdP's externalId, `active` from the person's status, the display name; everything else
// the IdP sent (name parts, emails, enterprise attributes) is kept as it was sent, so a read
// answers what was written. `groups` is read-only, from SCIM group memberships.

export const userSelect = {
  id: true,
  email: true,
  name: true,
  status: true,
  source: true,
  externalId: true,
  scimProfile: true,
  createdAt: true,
  updatedAt: true,
  scimGroups: { select: { group: { select: { id: true, displayName: true } } } },
} as const satisfies Prisma.UserSelect;

export type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

/** The columns and the profile Keyless keeps from a User the IdP wrote. */
export type UserInput = {
  email: string;
  name: string | null;
  externalId: string | null;
  /** Undefined: not said (a PUT without `active` keeps the status). */
  active: boolean | undefined;
  profile: Record<string, unknown>;
};

const EMAIL = /^[^\s@"\\<>()[\],;:]{1,64}@[^\s@"\\<>()[\],;:]{1,190}$/;
/** Kept in columns, derived, or never stored (password). */
const NOT_IN_PROFILE = new Set(["schemas", "id", "meta", "username", "active", "externalid", "password", "groups"]);

/** The SCIM representation (the data scimmy formats for output). */
export function userData(row: UserRow): Record<string, unknown> {
  const profile = (row.scimProfile ?? {}) as Record<string, unknown>;
  const base = scimBaseUrl();
  return {
    ...profile,
    id: row.id,
    externalId: row.externalId ?? undefined,
    userName: row.email,
    active: row.status === "active",
    displayName: profile.displayName ?? row.name ?? undefined,
    name: profile.name ?? (row.name ? { formatted: row.name } : undefined),
    emails: profile.emails ?? [{ value: row.email, type: "work", primary: true }],
    groups: row.scimGroups.map(({ group }) => ({
      value: group.id,
      display: group.displayName,
      $ref: `${base}/Groups/${group.id}`,
      type: "direct",
    })),
    meta: { created: row.createdAt, lastModified: row.updatedAt },
  };
}

/** The User as the IdP reads it, limited to `attributes` when the query asked. */
export function userResource(row: UserRow, attributes?: Types.Filter): Record<string, unknown> {
  const { Schemas } = scimmy();
  return plain(viaScimmy(() => new Schemas.User(userData(row), "out", `${scimBaseUrl()}/Users`, attributes)));
}

/**
 * A User the IdP sent (POST, PUT, or the outcome of a PATCH), validated by scimmy's schema,
 * as what Keyless stores. Unknown top-level attributes are refused; the read-only ones
 * (id, meta, groups) are ignored, as RFC 7644 §3.5.1 asks.
 */
export function userInput(body: unknown): UserInput {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ScimError(400, "invalidSyntax", "The body must be a SCIM User object.");
  }
  refuseUnknownAttributes(body as Record<string, unknown>);
  const { Schemas } = scimmy();
  const user = plain(viaScimmy(() => new Schemas.User(body, "in")));
  const userName = typeof user.userName === "string" ? user.userName.trim().toLowerCase() : "";
  if (!EMAIL.test(userName)) throw new ScimError(400, "invalidValue", "userName must be the person's email address.");
  const profile = Object.fromEntries(Object.entries(user).filter(([k]) => !NOT_IN_PROFILE.has(k.toLowerCase())));
  const externalId = typeof user.externalId === "string" && user.externalId.trim() ? user.externalId.trim().slice(0, 255) : null;
  return {
    email: userName,
    name: displayNameOf(profile),
    externalId,
    active: typeof user.active === "boolean" ? user.active : undefined,
    profile,
  };
}

function displayNameOf(profile: Record<string, unknown>): string | null {
  const name = (profile.name ?? {}) as Record<string, unknown>;
  const parts = [name.givenName, name.familyName].filter((p): p is string => typeof p === "string" && p.trim() !== "");
  const candidates = [profile.displayName, name.formatted, parts.join(" ")];
  const found = candidates.find((c): c is string => typeof c === "string" && c.trim() !== "");
  return found ? found.trim().slice(0, 200) : null;
}

function refuseUnknownAttributes(body: Record<string, unknown>): void {
  const { Schemas, Types } = scimmy();
  const known = new Set<string>();
  for (const attribute of Schemas.User.definition.attributes)
    if (attribute instanceof Types.Attribute) known.add(attribute.name.toLowerCase());
  for (const key of Object.keys(body)) {
    // Extension namespaces the IdP sends (enterprise, or its own custom schema) are not refused:
    // scimmy keeps the declared one and drops the rest.
    if (key.toLowerCase().startsWith("urn:")) continue;
    if (!known.has(key.toLowerCase())) throw new ScimError(400, "invalidSyntax", `Unknown attribute "${key.slice(0, 100)}" for a User.`);
  }
}
