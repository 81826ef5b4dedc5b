"use server";

import { z } from "zod";
import { action } from "@/lib/actions/action";
import { text } from "@/lib/actions/form";
import { reactivatePerson, revokePersonAwsSessions, suspendPerson } from "@/lib/people/manage";
import { personIdSchema } from "@/lib/people/schemas";

// The People page's actions: the same data access calls as the API (lib/people/manage.ts),
// which check the permission, the input and the lifecycle rules.

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const input = z.object({ id: personIdSchema, reason: text() });
const revalidate = ({ id }: { id: string }) => [`/admin/people/${id}`, "/admin/people"];

export const suspendPersonAction = action({
  permission: "people.manage",
  input,
  handler: async ({ caller, input }) => {
    const s = await suspendPerson(caller, input.id, { reason: input.reason });
    const aws = s.awsRolesRevoked.length
      ? ` Their live AWS sessions on ${plural(s.awsRolesRevoked.length, "role")} are being revoked.`
      : "";
    return (
      `Suspended. Ended ${plural(s.browserSessions, "browser session")} and ${plural(s.cliSessions, "CLI session")}, ` +
      `cancelled ${plural(s.requestsCancelled, "request")}, revoked ${plural(s.grantsRevoked, "grant")}.${aws}`
    );
  },
  message: (summary) => summary,
  revalidate,
});

export const reactivatePersonAction = action({
  permission: "people.manage",
  input,
  handler: async ({ caller, input }) => (await reactivatePerson(caller, input.id)).restored,
  message: (restored) => (restored ? "Reactivated: they can sign in again." : "They were not suspended."),
  revalidate,
});

export const revokeAwsSessionsAction = action({
  permission: "people.manage",
  input,
  handler: async ({ caller, input }) => (await revokePersonAwsSessions(caller, input.id, { reason: input.reason })).roles.length,
  message: (roles) =>
    roles
      ? `Revoking their AWS sessions on ${plural(roles, "role")}: AWS denies them within a minute.`
      : "They hold no AWS session that may still be alive: nothing to revoke.",
  revalidate,
});
