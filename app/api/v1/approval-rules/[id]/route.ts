import { noContent, route } from "@/lib/api/route";
import { rulePatchSchema, ruleViewSchema } from "@/lib/approvals/rule-schemas";
import { deleteRule, updateRule } from "@/lib/approvals/approver-rules";
import { idParamsSchema } from "@/lib/approvals/schemas";

const tags = ["Approvals"];

export const PATCH = route({
  permission: "settings.manage",
  summary: "Change an approval rule (admins)",
  description: "Any of scope, kind, requesterGroups, approverGroups. Audited with the rule before and after.",
  tags,
  params: idParamsSchema,
  body: rulePatchSchema,
  response: ruleViewSchema,
  errors: [404],
  handler: async ({ caller, params, body, reply }) => reply(await updateRule(caller, params.id, body)),
});

export const DELETE = route({
  permission: "settings.manage",
  summary: "Remove an approval rule (admins)",
  tags,
  params: idParamsSchema,
  status: 204,
  errors: [404],
  handler: async ({ caller, params }) => {
    await deleteRule(caller, params.id);
    return noContent();
  },
});
