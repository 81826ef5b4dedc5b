import { z } from "zod";

// Policy documents as IAM stores them (managed policies, role policies, the request's inline
// policy). Lenient where IAM is (one value or a list), strict where the analysis depends on
// it: a document this cannot read is reported as unreadable, never skipped.

const oneOrMany = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const conditionValue = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))])
  .transform((v) => (Array.isArray(v) ? v : [v]).map(String));

const statementSchema = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(["Allow", "Deny"]),
    Action: oneOrMany.optional(),
    NotAction: oneOrMany.optional(),
    Resource: oneOrMany.optional(),
    NotResource: oneOrMany.optional(),
    Condition: z.record(z.string(), z.record(z.string(), conditionValue)).optional(),
  })
  .refine((s) => Boolean(s.Action) !== Boolean(s.NotAction), "needs exactly one of Action or NotAction")
  .refine((s) => Boolean(s.Resource) !== Boolean(s.NotResource), "needs exactly one of Resource or NotResource");

export const policyDocumentSchema = z.object({
  Version: z.string().optional(),
  Statement: z.union([statementSchema, z.array(statementSchema)]).transform((v) => (Array.isArray(v) ? v : [v])),
});

export type PolicyStatement = z.infer<typeof statementSchema>;
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

/** Parses a document given as JSON text (IAM's API returns it URL-encoded; callers decode) or as an object. */
export function readPolicyDocument(raw: unknown): { ok: true; document: PolicyDocument } | { ok: false; error: string } {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, error: "the document is not valid JSON" };
    }
  }
  const parsed = policyDocumentSchema.safeParse(value);
  if (parsed.success) return { ok: true, document: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `not an IAM policy document (${issue?.path.join(".") || "document"}: ${issue?.message ?? "invalid"})` };
}
