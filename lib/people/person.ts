import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { rolesFromGroups } from "@/lib/auth/roles";
import { roleMapping } from "@/lib/auth/session-lookup";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { awsSessionsOf, browserSessionsOf, cliSessionsOf } from "@/lib/people/sessions-of";
import { personIdSchema, type PersonDetail, type RevocationView } from "@/lib/people/schemas";

// One person, for an admin: who they are and where their access stands, every session they
// hold, the AWS sessions issued to them lately, what was revoked and whether AWS has it
// yet, and the integrations that name them as owner.

const iso = (d: Date | null) => d?.toISOString() ?? null;

function revocationState(r: { appliedAt: Date | null; clearedAt: Date | null; error: string | null }): RevocationView["state"] {
  if (r.clearedAt) return "removed";
  if (r.appliedAt) return "applied";
  return r.error ? "error" : "pending";
}

export async function getPerson(caller: Caller, id: string): Promise<PersonDetail> {
  await requirePermission(caller, "people.read");
  personIdSchema.parse(id);
  const person = await db().user.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      name: true,
      status: true,
      suspendedBy: true,
      suspendedAt: true,
      suspendedReason: true,
      source: true,
      externalId: true,
      groups: true,
      lastSignInAt: true,
      groupsCheckedAt: true,
      createdAt: true,
    },
  });
  if (!person) throw new NotFoundError("The person");
  const now = new Date();
  const [browser, cli, awsSessions, revocations, integrations] = await Promise.all([
    browserSessionsOf(id, now),
    cliSessionsOf(id, now),
    awsSessionsOf(id, now),
    db().awsSessionRevocation.findMany({
      where: { userId: id },
      select: {
        id: true,
        roleArn: true,
        accountId: true,
        revokedBefore: true,
        reason: true,
        requestedBy: true,
        appliedAt: true,
        error: true,
        expiresAt: true,
        clearedAt: true,
      },
      orderBy: { createdAt: "desc" },
      take: 100,
    }),
    db().integration.findMany({
      where: { ownerEmail: { equals: person.email, mode: "insensitive" } },
      select: { id: true, name: true, ownerNeedsReplacementAt: true },
      orderBy: { name: "asc" },
    }),
  ]);
  return {
    ...person,
    suspendedAt: iso(person.suspendedAt),
    lastSignInAt: iso(person.lastSignInAt),
    groupsCheckedAt: iso(person.groupsCheckedAt),
    createdAt: person.createdAt.toISOString(),
    roles: rolesFromGroups(person.groups, roleMapping()),
    // `current` marks the asking browser on the person's own Sessions page only.
    sessions: { browser, cli },
    awsSessions,
    revocations: revocations.map((r) => ({
      ...r,
      revokedBefore: r.revokedBefore.toISOString(),
      appliedAt: iso(r.appliedAt),
      expiresAt: r.expiresAt.toISOString(),
      clearedAt: iso(r.clearedAt),
      state: revocationState(r),
    })),
    integrations: integrations.map((i) => ({ ...i, ownerNeedsReplacementAt: iso(i.ownerNeedsReplacementAt) })),
  };
}
