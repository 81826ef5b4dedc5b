"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { approveRequest, denyRequest } from "@/lib/approvals/decide";
import { cancelRequest, createRoleAccessRequest } from "@/lib/approvals/requests";
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

export async function decideAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const decision = text(form, "decision");
  const result = await runAction(async () => {
    const caller = await requireCaller();
    const comment = text(form, "comment");
    if (decision === "approve") await approveRequest(caller, id, comment);
    else await denyRequest(caller, id, comment);
  }, decision === "approve" ? "Approved." : "Denied.");
  revalidatePath("/approvals");
  revalidatePath(`/requests/${id}`);
  return result;
}

export async function cancelRequestAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const id = text(form, "id");
  const result = await runAction(async () => cancelRequest(await requireCaller(), id), "Request cancelled.");
  revalidatePath(`/requests/${id}`);
  revalidatePath("/requests");
  return result;
}
