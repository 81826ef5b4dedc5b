import "server-only";
import { z } from "zod";
import { auditRefusal } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { countsOf, endAccess } from "@/lib/lifecycle/end-access";
import { restoreAccess } from "@/lib/lifecycle/restore-access";
import { revokeAwsSessionsOf } from "@/lib/lifecycle/revoke-sessions";
import { personIdSchema, revokeAwsBodySchema, suspendBodySchema } from "@/lib/people/schemas";

// An admin's actions on a person, from the People page and the API. The lifecycle module
// does the work (one audited transaction each); this adds the rules that belong to an
// admin acting by hand: nobody suspends themselves (they would lock themselves out, and a
// second admin should look), and a person already suspended by an admin or deprovisioned
// by the IdP is not suspended again (the stronger reason would hide the IdP's).

const DEFAULT_AWS_REASON = "revoked by an administrator";

async function personState(id: string) {
  const person = await db().user.findUnique({ where: { id }, select: { email: true, status: true, suspendedBy: true } });
  if (!person) throw new NotFoundError("The person");
  return person;
}

export async function suspendPerson(caller: Caller, id: string, input: z.input<typeof suspendBodySchema>) {
  await requirePermission(caller, "people.manage");
  const personId = personIdSchema.parse(id);
  const { reason } = suspendBodySchema.parse(input);
  if (caller.kind === "user" && caller.userId === personId) {
    await auditRefusal(caller, "person.suspend", {
      target: { type: "user", id: personId },
      details: { reason: "an administrator cannot suspend themselves" },
    });
    throw new ForbiddenError("You cannot suspend yourself. Ask another administrator.");
  }
  const person = await personState(personId);
  if (person.status === "deprovisioned")
    throw new ConflictError(`${person.email} was deprovisioned by your identity provider: there is nothing left to suspend.`);
  if (person.status === "suspended" && (person.suspendedBy === "admin" || person.suspendedBy === null))
    throw new ConflictError(`${person.email} is already suspended by an administrator.`);
  const summary = await endAccess(caller, personId, { by: "admin", reason });
  const after = await personState(personId);
  return { status: after.status, ...countsOf(summary) };
}

export async function reactivatePerson(caller: Caller, id: string) {
  await requirePermission(caller, "people.manage");
  const personId = personIdSchema.parse(id);
  // The IdP removed them (SCIM delete): an admin's earlier suspension may still be on record,
  // but only the IdP provisioning them again brings them back.
  const person = await personState(personId);
  if (person.status === "deprovisioned")
    throw new ConflictError(`${person.email} was deprovisioned by your identity provider: provision them there again.`);
  const { restored } = await restoreAccess(caller, personId, "admin");
  return { restored, status: (await personState(personId)).status };
}

export async function revokePersonAwsSessions(caller: Caller, id: string, input: z.input<typeof revokeAwsBodySchema>) {
  await requirePermission(caller, "people.manage");
  const personId = personIdSchema.parse(id);
  const { reason } = revokeAwsBodySchema.parse(input);
  const roles = await revokeAwsSessionsOf(caller, personId, reason || DEFAULT_AWS_REASON);
  return { roles };
}
