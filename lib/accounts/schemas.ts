import { z } from "zod";
import { BREAK_GLASS_DEFAULT_SECONDS, breakGlassMaxSecondsSchema } from "@/lib/approvals/break-glass-logic";
import { AWS_MAX_SESSION_SECONDS, AWS_MIN_SESSION_SECONDS } from "@/lib/credentials/duration";

export const accountIdSchema = z.string().regex(/^\d{12}$/, "An AWS account id is 12 digits.");

const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export const accountInputSchema = z
  .object({
    accountId: accountIdSchema,
    name: z.string().trim().min(1, "Name is required.").max(64),
    description: z.string().trim().max(500).optional().default(""),
    /** Empty: the default inventory role name (KEYLESS_INVENTORY_ROLE_NAME) in this account. */
    inventoryRoleArn: z
      .string()
      .trim()
      .max(600)
      .refine((s) => s === "" || ROLE_ARN.test(s), "Must be an IAM role ARN (arn:aws:iam::<account>:role/<name>).")
      .optional()
      .default(""),
  })
  .refine((a) => a.inventoryRoleArn === "" || accountIdFromArn(a.inventoryRoleArn) === a.accountId, {
    path: ["inventoryRoleArn"],
    message: "The inventory role must be in this account.",
  });
export type AccountInput = z.infer<typeof accountInputSchema>;

const groupName = z.string().trim().min(1).max(128);

export const roleInputSchema = z.object({
  awsAccountId: z.string().min(1).max(64),
  roleArn: z.string().trim().regex(ROLE_ARN, "Must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)."),
  description: z.string().trim().max(500).optional().default(""),
  maxDurationSeconds: z.coerce.number().int().min(AWS_MIN_SESSION_SECONDS).max(AWS_MAX_SESSION_SECONDS),
  requiresApproval: z.coerce.boolean().default(false),
  allowedGroups: z.array(groupName).max(100).default([]),
  deliveryMode: z.enum(["ASSUME_ROLE", "WEB_IDENTITY"]).default("ASSUME_ROLE"),
  /** Self-activation without approval, reviewed afterwards; implies requiresApproval (a grant is always needed). */
  breakGlass: z.coerce.boolean().default(false),
  breakGlassMaxSeconds: breakGlassMaxSecondsSchema.default(BREAK_GLASS_DEFAULT_SECONDS),
});
export type RoleInput = z.infer<typeof roleInputSchema>;

export function roleNameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

export function accountIdFromArn(arn: string): string {
  return arn.split(":")[4] ?? "";
}
