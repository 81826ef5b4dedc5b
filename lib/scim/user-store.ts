import "server-only";
import type { Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ScimError } from "@/lib/scim/errors";
import type { UserInput } from "@/lib/scim/user-resource";

// Writing a User's columns, in the caller's transaction. The IdP is the source of truth
// for who a person is: the email (userName), the display name, the externalId. Each must
// stay unique; a clash with another person is a 409 uniqueness, never a second row.

export type StoredUser = {
  id: string;
  email: string;
  name: string | null;
  externalId: string | null;
  source: string;
  scimProfile: unknown;
};

/** Locks the person's row for the rest of the transaction; null when there is none. */
export async function lockUser(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE id = ${id} AND status <> 'deprovisioned' FOR UPDATE`;
  return rows.length > 0;
}

export async function assertUnique(tx: Tx, input: UserInput, selfId: string | null): Promise<void> {
  const others = (where: Prisma.UserWhereInput) =>
    tx.user.findFirst({ where: selfId ? { AND: [where, { id: { not: selfId } }] } : where, select: { id: true } });
  if (await others({ email: input.email })) {
    throw new ScimError(409, "uniqueness", `Another person already has the userName ${input.email}.`);
  }
  if (input.externalId && (await others({ externalId: input.externalId }))) {
    throw new ScimError(409, "uniqueness", "Another person already has this externalId.");
  }
}

/** Names of what the write changes; empty when the IdP sent what Keyless already holds. */
export function changedFields(before: StoredUser, input: UserInput): string[] {
  const changed: string[] = [];
  if (before.email !== input.email) changed.push("userName");
  if (input.name !== null && before.name !== input.name) changed.push("name");
  if (before.externalId !== input.externalId) changed.push("externalId");
  if (JSON.stringify(before.scimProfile ?? {}) !== JSON.stringify(input.profile)) changed.push("profile");
  if (before.source !== "scim") changed.push("source");
  return changed;
}

export async function updateUser(tx: Tx, id: string, input: UserInput): Promise<void> {
  await tx.user.update({
    where: { id },
    data: {
      email: input.email,
      ...(input.name !== null ? { name: input.name } : {}),
      externalId: input.externalId,
      scimProfile: input.profile as Prisma.InputJsonValue,
      source: "scim",
    },
    select: { id: true },
  });
}

export async function insertUser(tx: Tx, input: UserInput): Promise<string | null> {
  // Skipping a duplicate instead of failing: a sign-in may create the same person at this
  // very moment; the caller then adopts the row it made.
  const created = await tx.user.createManyAndReturn({
    data: [
      {
        email: input.email,
        name: input.name,
        externalId: input.externalId,
        scimProfile: input.profile as Prisma.InputJsonValue,
        source: "scim",
        groupsCheckedAt: new Date(),
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  return created[0]?.id ?? null;
}

/** A unique index refused the write (a concurrent writer won): the client may retry. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
