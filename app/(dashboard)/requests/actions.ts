"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { approveRequest, denyRequest } from "@/lib/approvals/decide";
import { createExternalAccessRequest } from "@/lib/approvals/external";
import { cancelRequest, createRoleAccessRequest } from "@/lib/approvals/requests";
import { ValidationError } from "@/lib/errors";
import { isTargetType, settingsFromForm } from "@/lib/targets";
import { requireCaller } from "@/lib/auth/current";

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

export async function createRoleRequestAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await runAction(async () => {
    const caller = await requireCaller();
    return createRoleAccessRequest(caller, {
      kind: "ROLE_ACCESS",
      roleId: text(form, "roleId"),
      durationSeconds: Number(text(form, "durationSeconds")),
      justification: text(form, "justification"),
    });
  });
  if (result.ok && result.data) redirect(`/requests/${result.data.id}`);
  return result;
}

export async function createExternalRequestAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const result = await runAction(async () => {
    const caller = await requireCaller();
    const type = text(form, "targetType");
    if (!isTargetType(type)) throw new ValidationError("Choose where the key goes.", [{ path: "targetType", message: "choose a target" }]);
    return createExternalAccessRequest(caller, {
      kind: "EXTERNAL_ACCESS",
      serviceName: text(form, "serviceName"),
      accountId: text(form, "accountId"),
      targetType: type,
      targetSettings: settingsFromForm(type, form),
      ...(text(form, "targetToken").trim() ? { targetToken: text(form, "targetToken") } : {}),
      managedPolicyArns: text(form, "managedPolicyArns")
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      ...(text(form, "inlinePolicy").trim() ? { inlinePolicy: text(form, "inlinePolicy") } : {}),
      justification: text(form, "justification"),
      ownerEmail: text(form, "ownerEmail"),
      rotationIntervalDays: Number(text(form, "rotationIntervalDays") || "90"),
    });
  });
  if (result.ok && result.data) redirect(`/requests/${result.data.id}`);
  return result;
}

export async function decideAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const decision = text(form, "decision");
  const result = await runAction(async () => {
    const caller = await requireCaller();
    const comment = text(form, "comment");
    if (decision !== "approve") return denyRequest(caller, id, comment);
    return approveRequest(caller, id, comment, { confirm: text(form, "confirm") });
  });
  revalidatePath("/approvals");
  revalidatePath(`/requests/${id}`);
  if (!result.ok) return result;
  const message =
    decision !== "approve"
      ? "Denied."
      : result.data?.status === "PENDING"
        ? "Your approval is recorded. This request is high risk: it takes effect once an admin or a second approver approves too."
        : "Approved.";
  return { ok: true, message };
}

export async function cancelRequestAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const result = await runAction(async () => cancelRequest(await requireCaller(), id), "Request cancelled.");
  revalidatePath(`/requests/${id}`);
  revalidatePath("/requests");
  return result;
}
