"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { requireCaller } from "@/lib/auth/current";
import { updateRotationPolicy } from "@/lib/inventory/policy-store";

export async function updateRotationPolicyAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await runAction(async () => {
    const caller = await requireCaller();
    await updateRotationPolicy(caller, {
      rotateDays: form.get("rotateDays"),
      warnDays: form.get("warnDays"),
      unusedDays: form.get("unusedDays"),
      neverUsedDays: form.get("neverUsedDays"),
    });
  }, "Rotation policy saved.");
  if (result.ok) revalidatePath("/keys");
  return result;
}
