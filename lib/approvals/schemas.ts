import { z } from "zod";
import { managedPolicyArnSchema } from "@/lib/approvals/iam-policy";
import { AWS_MIN_SESSION_SECONDS } from "@/lib/credentials/duration";
import { ValidationError } from "@/lib/errors";
import { TARGET_TYPES } from "@/lib/targets";

export const justificationSchema = z.string().trim().min(10, "Say why, in a sentence or two (at least 10 characters).").max(2000);

export const roleAccessRequestSchema = z.strictObject({
  kind: z.literal("ROLE_ACCESS"),
  roleId: z.string().trim().min(1).max(64),
  durationSeconds: z.number().int().min(AWS_MIN_SESSION_SECONDS, "Access must last at least 15 minutes (900 seconds)."),
  justification: justificationSchema,
});
export type RoleAccessRequestInput = z.infer<typeof roleAccessRequestSchema>;

/** A decision's comment: capped on every path (API, forms, Slack) by the DAL (decide.ts). */
export const MAX_DECISION_COMMENT = 2000;
export const decisionCommentSchema = z
  .string()
  .trim()
  .max(MAX_DECISION_COMMENT, `A comment is at most ${MAX_DECISION_COMMENT} characters.`);

export const decisionSchema = z.strictObject({
  comment: decisionCommentSchema.optional().default(""),
});

/** Approving takes a confirmation too: for a high or critical request, the name of what it grants. */
export const approvalSchema = decisionSchema.extend({
  confirm: z.string().max(300).optional().describe("For a high or critical request: the service (or role) name, typed to confirm."),
});
/** The comment, trimmed; a ValidationError (422, field "comment") when it is too long. */
export function parseDecisionComment(comment: string): string {
  const parsed = decisionCommentSchema.safeParse(comment);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? "is invalid";
  throw new ValidationError(`comment: ${message}`, [{ path: "comment", message }]);
}

export const requestListQuerySchema = z.object({
  scope: z.enum(["mine", "to-decide", "all"]).default("mine"),
  status: z.enum(["PENDING", "APPROVED", "DENIED", "EXPIRED", "CANCELLED", "PROVISIONING", "PROVISIONED", "FAILED"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RequestListQuery = z.infer<typeof requestListQuerySchema>;

export const idParamsSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\w-]+$/, "not a valid id"),
});

// External-service access: an IAM user for a service that cannot assume a role, its
// permissions, and where Keyless pushes (and then rotates) its key.
export const externalAccessRequestSchema = z
  .strictObject({
    kind: z.literal("EXTERNAL_ACCESS"),
    serviceName: z.string().trim().min(2, "Name the service (e.g. “GitHub Actions for acme/api”).").max(60),
    accountId: z
      .string()
      .trim()
      .regex(/^\d{12}$/, "An AWS account id is 12 digits."),
    targetType: z.enum(TARGET_TYPES, { error: `The target must be one of ${TARGET_TYPES.join(", ")}.` }),
    targetSettings: z.record(z.string(), z.unknown()).default({}),
    /** Write-only: the target's API token, stored encrypted, never shown again. */
    targetToken: z.string().trim().min(1).max(4096).optional(),
    managedPolicyArns: z.array(managedPolicyArnSchema).max(10, "At most 10 managed policies.").default([]),
    /** An IAM policy document, as JSON text (validated as a policy). */
    inlinePolicy: z.string().trim().max(10_000).optional(),
    justification: justificationSchema,
    ownerEmail: z.email("The owner must be an email address.").max(254),
    rotationIntervalDays: z.number().int().min(1).max(365).default(90),
  })
  .refine((r) => r.managedPolicyArns.length > 0 || Boolean(r.inlinePolicy), {
    message: "Give the service some permissions: a managed policy ARN or an inline policy.",
    path: ["managedPolicyArns"],
  });
export type ExternalAccessRequestInput = z.input<typeof externalAccessRequestSchema>;

export const accessRequestSchema = z.union([roleAccessRequestSchema, externalAccessRequestSchema]);
