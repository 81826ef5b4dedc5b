import "server-only";
import { z } from "zod";
import type { Rule } from "@/lib/approvals/rules";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

export const ruleInputSchema = z.object({
  requesterGroup: z.string().trim().min(1, "Name a group, or * for anyone").max(128),
  kind: z.enum(["ROLE_ACCESS", "EXTERNAL_ACCESS"]).nullable(),
  approverGroups: z.array(z.string().trim().min(1).max(128)).min(1, "Name at least one approver group").max(20),
});

/** The rules, for deciding and notifying (no caller: they are configuration). */
export async function loadRules(): Promise<Rule[]> {
  return db().approvalRule.findMany({ select: { requesterGroup: true, kind: true, approverGroups: true }, orderBy: { createdAt: "asc" } });
}

export async function listRules(caller: Caller) {
  await requirePermission(caller, "requests.read.all");
  return db().approvalRule.findMany({
    select: { id: true, requesterGroup: true, kind: true, approverGroups: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function createRule(caller: Caller, raw: z.input<typeof ruleInputSchema>) {
  await requirePermission(caller, "settings.manage");
  const input = ruleInputSchema.parse(raw);
  return withAudit(caller, "approval_rule.create", undefined, async (tx) => {
    const row = await tx.approvalRule.create({ data: input, select: { id: true } });
    return { value: row, target: { type: "approval_rule", id: row.id }, details: input };
  });
}

export async function deleteRule(caller: Caller, id: string) {
  await requirePermission(caller, "settings.manage");
  const before = await db().approvalRule.findUnique({ where: { id }, select: { requesterGroup: true, kind: true, approverGroups: true } });
  if (!before) throw new NotFoundError("The rule");
  await withAudit(caller, "approval_rule.delete", { type: "approval_rule", id }, async (tx) => {
    await tx.approvalRule.delete({ where: { id } });
    return { value: undefined, details: before };
  });
}
