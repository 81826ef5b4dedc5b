"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { requireCaller } from "@/lib/auth/current";
import { reactivatePerson, revokePersonAwsSessions, suspendPerson } from "@/lib/people/manage";
import { personIdSchema } from "@/lib/people/schemas";

// The People page's actions: the same data access calls as the API (lib/people/manage.ts),
// which check the permission, the input and the lifecycle rules.

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function refresh(id: string) {
  if (personIdSchema.safeParse(id).success) revalidatePath(`/admin/people/${id}`);
  revalidatePath("/admin/people");
}

export async function suspendPersonAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const r = await runAction(async () => {
    const s = await suspendPerson(await requireCaller(), id, { reason: text(form, "reason") });
    const aws = s.awsRolesRevoked.length
      ? ` Their live AWS sessions on ${plural(s.awsRolesRevoked.length, "role")} are being revoked.`
      : "";
    return {
      message:
        `Suspended. Ended ${plural(s.browserSessions, "browser session")} and ${plural(s.cliSessions, "CLI session")}, ` +
        `cancelled ${plural(s.requestsCancelled, "request")}, revoked ${plural(s.grantsRevoked, "grant")}.${aws}`,
    };
  });
  refresh(id);
  return r.ok ? { ok: true, message: r.data?.message } : r;
}

export async function reactivatePersonAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const r = await runAction(async () => reactivatePerson(await requireCaller(), id));
  refresh(id);
  if (!r.ok) return r;
  return { ok: true, message: r.data?.restored ? "Reactivated: they can sign in again." : "They were not suspended." };
}

export async function revokeAwsSessionsAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const r = await runAction(async () => revokePersonAwsSessions(await requireCaller(), id, { reason: text(form, "reason") }));
  refresh(id);
  if (!r.ok) return r;
  const roles = r.data?.roles ?? [];
  return {
    ok: true,
    message: roles.length
      ? `Revoking their AWS sessions on ${plural(roles.length, "role")}: AWS denies them within a minute.`
      : "They hold no AWS session that may still be alive: nothing to revoke.",
  };
}
