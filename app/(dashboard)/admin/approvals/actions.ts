"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { revokeGrant } from "@/lib/approvals/grants";
import { createRule, deleteRule } from "@/lib/approvals/rules-store";
import { requireCaller } from "@/lib/auth/current";

const PATH = "/admin/approvals";
const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

export async function revokeGrantAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const r = await runAction(
    async () => revokeGrant(await requireCaller(), text(form, "id"), text(form, "reason") || "revoked by an admin"),
    "Access revoked.",
  );
  revalidatePath(PATH);
  return r;
}

export async function createRuleAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const kind = text(form, "kind");
  const r = await runAction(
    async () =>
      createRule(await requireCaller(), {
        requesterGroup: text(form, "requesterGroup"),
        kind: kind === "ROLE_ACCESS" || kind === "EXTERNAL_ACCESS" ? kind : null,
        approverGroups: text(form, "approverGroups")
          .split(",")
          .map((g) => g.trim())
          .filter(Boolean),
      }),
    "Rule added.",
  );
  revalidatePath(PATH);
  return r;
}

export async function deleteRuleAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const r = await runAction(async () => deleteRule(await requireCaller(), text(form, "id")), "Rule removed.");
  revalidatePath(PATH);
  return r;
}
