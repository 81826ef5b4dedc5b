import { z } from "zod";
import { consoleDestinationSchema } from "@/lib/console/destination";
import { AWS_MAX_SESSION_SECONDS, AWS_MIN_SESSION_SECONDS } from "@/lib/credentials/duration";

export const roleIdSchema = z
  .string()
  .trim()
  .min(1, "roleId is required")
  .max(64)
  .regex(/^[\w-]+$/, "roleId is not a valid id");

export const credentialsRequestSchema = z.strictObject({
  roleId: roleIdSchema,
  durationSeconds: z
    .number({ error: "durationSeconds must be a number of seconds" })
    .int("durationSeconds must be a whole number")
    .min(AWS_MIN_SESSION_SECONDS, `durationSeconds must be at least ${AWS_MIN_SESSION_SECONDS} (15 minutes)`)
    .max(AWS_MAX_SESSION_SECONDS, `durationSeconds must be at most ${AWS_MAX_SESSION_SECONDS} (12 hours)`)
    .optional(),
});

export const consoleUrlRequestSchema = z.strictObject({
  roleId: roleIdSchema,
  destination: consoleDestinationSchema
    .optional()
    .describe(
      "Where the console opens: a service slug (s3, ec2, lambda…), an AWS region and a path within the console (e.g. /buckets/my-bucket beneath s3). The host is always the AWS console's.",
    ),
});

export const awsRoleSchema = z.object({
  id: z.string().describe("Pass as roleId to /api/v1/credentials and /api/v1/console-url."),
  accountId: z.string(),
  accountName: z.string(),
  roleName: z.string(),
  roleArn: z.string(),
  maxDurationSeconds: z.number().int(),
  requiresApproval: z.boolean(),
  deliveryMode: z.enum(["ASSUME_ROLE", "WEB_IDENTITY"]),
  canRequest: z.boolean().describe("For roles that need approval: whether the approval rules let you request it."),
  breakGlassMaxSeconds: z
    .number()
    .int()
    .nullable()
    .describe("A break-glass role: you may activate it at once (POST /api/v1/aws-roles/{id}/break-glass) for this long. null otherwise."),
});
export const awsRoleListSchema = z.array(awsRoleSchema);

export const credentialsResponseSchema = z.object({
  accessKeyId: z.string(),
  secretAccessKey: z.string(),
  sessionToken: z.string(),
  expiration: z.iso.datetime(),
  roleArn: z.string(),
  accountId: z.string(),
  durationSeconds: z.number().int(),
  cappedReason: z.string().optional().describe("Why the session is shorter than asked, when it is."),
});

export const consoleUrlResponseSchema = z.object({
  url: z.url().describe("Opens the AWS console signed in as the role. Valid for 15 minutes, once."),
  expiration: z.iso.datetime(),
  destination: z.url().describe("The console page the link opens."),
});
