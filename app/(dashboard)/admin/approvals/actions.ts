"use server";

import { z } from "zod";
import { action } from "@/lib/actions/action";
import { repeated, text } from "@/lib/actions/form";
import { revokeGrant } from "@/lib/approvals/grants";
import type { RuleScopeInput } from "@/lib/approvals/rule-schemas";
import { createRule, deleteRule, updateRule } from "@/lib/approvals/approver-rules";

const revalidate = ["/admin/approvals"];

/** The picker's value: "global", "account:<12 digits>" or "role:<id>" (the rule's schema checks the rest). */
function scopeFrom(value: string): RuleScopeInput {
  const [type, id = ""] = value.split(":", 2);
  if (type === "account") return { type, accountId: id };
  if (type === "role") return { type, roleId: id };
  return { type: "global" };
}

const KINDS = ["ROLE_ACCESS", "EXTERNAL_ACCESS"] as const;

const ruleForm = z.object({
  id: text(),
  scope: text().transform(scopeFrom),
  // "" (any kind of request) is null.
  kind: text().transform((k) => KINDS.find((kind) => kind === k) ?? null),
  requesterGroups: repeated(),
  approverGroups: repeated(),
});

export const revokeGrantAction = action({
  permission: "grants.revoke",
  input: z.object({ id: text(), reason: z.string().default("revoked by an admin") }),
  handler: ({ caller, input }) => revokeGrant(caller, input.id, input.reason),
  message: "Access revoked.",
  revalidate,
});

export const createRuleAction = action({
  permission: "settings.manage",
  input: ruleForm,
  handler: async ({ caller, input: { id: _id, ...rule } }) => {
    await createRule(caller, rule);
  },
  message: "Rule added.",
  revalidate,
});

export const updateRuleAction = action({
  permission: "settings.manage",
  input: ruleForm,
  handler: async ({ caller, input: { id, ...rule } }) => {
    await updateRule(caller, id, rule);
  },
  message: "Rule saved.",
  revalidate,
});

export const deleteRuleAction = action({
  permission: "settings.manage",
  input: z.object({ id: text() }),
  handler: ({ caller, input }) => deleteRule(caller, input.id),
  message: "Rule removed.",
  revalidate,
});
