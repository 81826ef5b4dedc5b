"use server";

import { revalidatePath } from "next/cache";
import { createAccount, createRole, deleteAccount, deleteRole, updateAccount, updateRole } from "@/lib/accounts/manage";
import { accountInputSchema, roleInputSchema } from "@/lib/accounts/schemas";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { requireCaller } from "@/lib/auth/current";

const PATH = "/admin/accounts";

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

function accountFrom(form: FormData) {
  return accountInputSchema.parse({
    accountId: form.get("accountId"),
    name: form.get("name"),
    description: form.get("description") ?? "",
    inventoryRoleArn: form.get("inventoryRoleArn") ?? "",
  });
}

function roleFrom(form: FormData) {
  const groups = text(form, "allowedGroups")
    .split(/[,\n]/)
    .map((g) => g.trim())
    .filter(Boolean);
  return roleInputSchema.parse({
    awsAccountId: form.get("awsAccountId"),
    roleArn: form.get("roleArn"),
    description: form.get("description") ?? "",
    maxDurationSeconds: form.get("maxDurationSeconds"),
    requiresApproval: form.get("requiresApproval") === "on",
    allowedGroups: groups,
    deliveryMode: form.get("deliveryMode") ?? "ASSUME_ROLE",
    breakGlass: form.get("breakGlass") === "on",
    breakGlassMaxSeconds: form.get("breakGlassMaxSeconds") ?? undefined,
  });
}

async function done<T>(result: Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const r = await result;
  if (r.ok) revalidatePath(PATH);
  return r;
}

export async function saveAccountAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return done(
    runAction(async () => {
      const caller = await requireCaller();
      const id = text(form, "id");
      if (id) await updateAccount(caller, id, accountFrom(form));
      else await createAccount(caller, accountFrom(form));
    }, "Account saved."),
  );
}

export async function deleteAccountAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return done(runAction(async () => deleteAccount(await requireCaller(), text(form, "id")), "Account removed."));
}

export async function saveRoleAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return done(
    runAction(async () => {
      const caller = await requireCaller();
      const id = text(form, "id");
      if (id) await updateRole(caller, id, roleFrom(form));
      else await createRole(caller, roleFrom(form));
    }, "Role mapping saved."),
  );
}

export async function deleteRoleAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return done(runAction(async () => deleteRole(await requireCaller(), text(form, "id")), "Role mapping removed."));
}
