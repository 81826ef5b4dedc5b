"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/result";
import { revokeGrant } from "@/lib/approvals/grants";
import type { RuleScopeInput } from "@/lib/approvals/rule-schemas";
import { createRule, deleteRule, updateRule } from "@/lib/approvals/approver-rules";
import { requireCaller } from "@/lib/auth/current";

const PATH = "/admin/approvals";
const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
const all = (form: FormData, name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");

/** The picker's value: "global", "account:<12 digits>" or "role:<id>" (zod checks the rest). */
function scopeFrom(value: string): RuleScopeInput {
  const [type, id = ""] = value.split(":", 2);
  if (type === "account") return { type, accountId: id };
  if (type === "role") return { type, roleId: id };
  return { type: "global" };
}

const KINDS = ["ROLE_ACCESS", "EXTERNAL_ACCESS"] as const;

function ruleFrom(form: FormData) {
  return {
    scope: scopeFrom(text(form, "scope")),
    kind: KINDS.find((k) => k === text(form, "kind")) ?? null,
    requesterGroups: all(form, "requesterGroups"),
    approverGroups: all(form, "approverGroups"),
  };
}

export async function revokeGrantAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const r = await runAction(
    async () => revokeGrant(await requireCaller(), text(form, "id"), text(form, "reason") || "revoked by an admin"),
    "Access revoked.",
  );
  revalidatePath(PATH);
  return r;
}

export async function createRuleAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const r = await runAction(async () => {
    await createRule(await requireCaller(), ruleFrom(form));
  }, "Rule added.");
  revalidatePath(PATH);
  return r;
}

export async function updateRuleAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const r = await runAction(async () => {
    await updateRule(await requireCaller(), text(form, "id"), ruleFrom(form));
  }, "Rule saved.");
  revalidatePath(PATH);
  return r;
}

export async function deleteRuleAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const r = await runAction(async () => deleteRule(await requireCaller(), text(form, "id")), "Rule removed.");
  revalidatePath(PATH);
  return r;
}
