"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { requireCaller } from "@/lib/auth/current";
import { ValidationError } from "@/lib/errors";
import { adoptSecret } from "@/lib/integrations/adopt-secret";
import { createIntegration, deleteIntegration } from "@/lib/integrations/manage";
import { updateIntegration } from "@/lib/integrations/update";
import { createIntegrationSchema, updateIntegrationSchema } from "@/lib/integrations/schemas";
import { startRotation } from "@/lib/rotation/start";
import { isTargetType, settingsFromForm } from "@/lib/targets";

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

const GRACE_UNITS: Record<string, number> = { minutes: 60, hours: 3600, days: 86_400 };

/** The form's fields as the API's input (the token only when one was typed). */
function inputFrom(form: FormData) {
  const type = text(form, "targetType");
  if (!isTargetType(type))
    throw new ValidationError("targetType: choose a target type.", [{ path: "targetType", message: "choose a target type" }]);
  const graceAmount = Number(text(form, "graceAmount") || "0");
  return {
    name: text(form, "name"),
    accountId: text(form, "accountId"),
    iamUserName: text(form, "iamUserName"),
    targetType: type,
    targetSettings: settingsFromForm(type, form),
    ...(text(form, "targetToken").trim() ? { targetToken: text(form, "targetToken") } : {}),
    rotationIntervalDays: text(form, "rotationIntervalDays"),
    graceSeconds: Math.round(graceAmount * (GRACE_UNITS[text(form, "graceUnit")] ?? 3600)),
    ownerEmail: text(form, "ownerEmail"),
    enabled: form.get("enabled") === null ? true : form.get("enabled") === "on",
  };
}

export async function saveIntegrationAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const result = await runAction(async () => {
    const caller = await requireCaller();
    const input = inputFrom(form);
    if (id) return updateIntegration(caller, id, updateIntegrationSchema.parse({ ...input, enabled: form.get("enabled") === "on" }));
    return createIntegration(caller, createIntegrationSchema.parse(input));
  });
  if (result.ok && result.data) {
    revalidatePath("/integrations");
    redirect(`/integrations/${result.data.id}`);
  }
  return result;
}

export async function rotateNowAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const result = await runAction(async () => startRotation(await requireCaller(), id, "manual"));
  if (result.ok && result.data) redirect(`/integrations/${id}/rotations/${result.data.rotationId}`);
  return result;
}

export async function setEnabledAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const enabled = text(form, "enabled") === "true";
  const result = await runAction(async () => updateIntegration(await requireCaller(), id, { enabled }), enabled ? "Enabled." : "Disabled.");
  revalidatePath(`/integrations/${id}`);
  return result;
}

export async function deleteIntegrationAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const result = await runAction(async () => {
    const caller = await requireCaller();
    await deleteIntegration(caller, id);
  });
  if (result.ok) {
    revalidatePath("/integrations");
    redirect("/integrations");
  }
  return result;
}

export async function adoptSecretAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const result = await runAction(async () => {
    await adoptSecret(await requireCaller(), id);
  }, "Adopted: rotations now write this secret.");
  revalidatePath(`/integrations/${id}`);
  return result;
}
