import { z } from "zod";

// Validation and a readable rendering of IAM identity policies in access requests, so an
// approver sees "Allow s3:GetObject on arn:aws:s3:::logs/*". What the policy amounts to
// (wildcards, NotAction, escalation) is the risk analysis's job: lib/approvals/analysis/.

const ACTION = /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);
const action = z.string().regex(ACTION, "Actions look like service:Action (wildcards allowed), e.g. s3:GetObject");
const resource = z.string().regex(/^(\*|arn:[^\s]+)$/, "Resources are ARNs or *");

const statement = z
  .strictObject({
    Sid: z
      .string()
      .regex(/^[A-Za-z0-9]*$/, "Sid may contain only letters and digits")
      .optional(),
    Effect: z.enum(["Allow", "Deny"]),
    Action: oneOrMany(action).optional(),
    NotAction: oneOrMany(action).optional(),
    Resource: oneOrMany(resource).optional(),
    NotResource: oneOrMany(resource).optional(),
    Condition: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean(), z.number()]))).optional(),
  })
  .refine((s) => Boolean(s.Action) !== Boolean(s.NotAction), "Each statement needs exactly one of Action or NotAction")
  .refine((s) => Boolean(s.Resource) !== Boolean(s.NotResource), "Each statement needs exactly one of Resource or NotResource");

export const iamPolicySchema = z
  .strictObject({
    Version: z.literal("2012-10-17", { error: 'Version must be "2012-10-17"' }),
    Id: z.string().optional(),
    Statement: oneOrMany(statement),
  })
  .refine((p) => JSON.stringify(p).replace(/\s/g, "").length <= 2048, "Inline user policies are limited to 2,048 characters");

export type IamPolicy = z.infer<typeof iamPolicySchema>;

export const managedPolicyArnSchema = z
  .string()
  .trim()
  .regex(/^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/, "Managed policies are ARNs like arn:aws:iam::aws:policy/ReadOnlyAccess");

/** Parses a JSON text into a validated policy, with messages a person can act on. */
export function parsePolicyText(text: string): { ok: true; policy: IamPolicy } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The inline policy is not valid JSON (${e instanceof Error ? e.message : "parse error"}).` };
  }
  const parsed = iamPolicySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `The inline policy is not a valid IAM policy: ${issue?.path.join(".") || "document"}: ${issue?.message ?? "invalid"}`,
    };
  }
  return { ok: true, policy: parsed.data };
}

export type PolicyLine = { effect: "Allow" | "Deny"; actions: string; resources: string; conditions: number };

export function describePolicy(policy: IamPolicy): PolicyLine[] {
  return policy.Statement.map((s) => {
    const actions = s.Action ? s.Action.join(", ") : `everything except ${s.NotAction?.join(", ")}`;
    const resources = s.Resource ? s.Resource.join(", ") : `everything except ${s.NotResource?.join(", ")}`;
    return { effect: s.Effect, actions, resources, conditions: Object.keys(s.Condition ?? {}).length };
  });
}
