import { z } from "zod";
import { ANYONE } from "@/lib/approvals/approver-rules-match";

// The shapes of approver rules at the edges (API, server actions, the admin page).

const groupName = z
  .string()
  .trim()
  .min(1, "A group name cannot be empty.")
  .max(128)
  .regex(/^[^\u0000-\u001f,]+$/, "A group name has no commas or control characters.");

const groups = (what: string, anyone: boolean) =>
  z
    .array(anyone ? groupName : groupName.refine((g) => g !== ANYONE, "Approvers are named groups, not “*”."))
    .min(1, `Name at least one ${what} group${anyone ? ", or * for anyone" : ""}.`)
    .max(20, `At most 20 ${what} groups.`)
    .transform((list) => [...new Set(list)]);

export const ruleScopeSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("global") }),
    z.strictObject({ type: z.literal("account"), accountId: z.string().regex(/^\d{12}$/, "An AWS account id is 12 digits.") }),
    z.strictObject({
      type: z.literal("role"),
      roleId: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[\w-]+$/, "not a valid role id"),
    }),
  ],
  { error: "scope.type is global, account or role." },
);
export type RuleScopeInput = z.infer<typeof ruleScopeSchema>;

const kindSchema = z.enum(["ROLE_ACCESS", "EXTERNAL_ACCESS"]).nullable();

const ruleFields = {
  scope: ruleScopeSchema,
  kind: kindSchema.default(null),
  requesterGroups: groups("requester", true),
  approverGroups: groups("approver", false),
};

const roleScopeIsRoleAccess = (r: { scope?: RuleScopeInput; kind?: string | null }) =>
  r.scope?.type !== "role" || r.kind !== "EXTERNAL_ACCESS";
const roleScopeMessage = { message: "A rule for a role is about role access: external-service requests are per account.", path: ["kind"] };

export const ruleInputSchema = z.strictObject(ruleFields).refine(roleScopeIsRoleAccess, roleScopeMessage);
export type RuleInput = z.input<typeof ruleInputSchema>;

export const rulePatchSchema = z
  .strictObject({
    scope: ruleScopeSchema.optional(),
    kind: kindSchema.optional(),
    requesterGroups: groups("requester", true).optional(),
    approverGroups: groups("approver", false).optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), "Change at least one field.");
export type RulePatch = z.input<typeof rulePatchSchema>;

export const ruleViewSchema = z.object({
  id: z.string(),
  scope: z.object({
    type: z.enum(["global", "account", "role"]),
    accountId: z.string().optional().describe("The 12-digit AWS account id (account and role rules)."),
    accountName: z.string().optional(),
    roleId: z.string().optional().describe("The role's id, as in /api/v1/aws-roles (role rules)."),
    roleName: z.string().optional(),
    roleArn: z.string().optional(),
  }),
  kind: kindSchema.describe("null: every kind of request."),
  requesterGroups: z.array(z.string()).describe("Who may request; * = anyone."),
  approverGroups: z.array(z.string()).describe("Whose managers approve (admins always may)."),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type RuleView = z.infer<typeof ruleViewSchema>;
