import { route } from "@/lib/api/route";
import { ruleInputSchema, ruleViewSchema } from "@/lib/approvals/rule-schemas";
import { createRule, listRules } from "@/lib/approvals/approver-rules";
import { z } from "zod";

const tags = ["Approvals"];

export const GET = route({
  permission: "requests.read.all",
  summary: "Approval rules: who may request and who approves, per role, account or everything",
  description:
    "For a request, only the rules of the most specific scope that has rules for its kind apply (role, then account, then everything). A request with no applicable rule is decided by admins only; admins may always decide; nobody decides their own.",
  tags,
  response: z.array(ruleViewSchema),
  handler: async ({ caller, reply }) => reply(await listRules(caller)),
});

export const POST = route({
  permission: "settings.manage",
  summary: "Add an approval rule (admins)",
  description:
    'scope is {type:"global"}, {type:"account", accountId:"222222222222"} or {type:"role", roleId} (an id from /api/v1/aws-roles). requesterGroups may hold "*" for anyone. Audited.',
  tags,
  body: ruleInputSchema,
  response: ruleViewSchema,
  status: 201,
  handler: async ({ caller, body, reply }) => reply(await createRule(caller, body), { status: 201 }),
});
