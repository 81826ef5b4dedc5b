import { z } from "zod";
import { AWS_MIN_SESSION_SECONDS } from "@/lib/credentials/duration";

export const justificationSchema = z.string().trim().min(10, "Say why, in a sentence or two (at least 10 characters).").max(2000);

export const roleAccessRequestSchema = z.strictObject({
  kind: z.literal("ROLE_ACCESS"),
  roleId: z.string().trim().min(1).max(64),
  durationSeconds: z.number().int().min(AWS_MIN_SESSION_SECONDS, "Access must last at least 15 minutes (900 seconds)."),
  justification: justificationSchema,
});
export type RoleAccessRequestInput = z.infer<typeof roleAccessRequestSchema>;

export const decisionSchema = z.strictObject({
  comment: z.string().trim().max(2000).optional().default(""),
});

export const requestListQuerySchema = z.object({
  scope: z.enum(["mine", "to-decide", "all"]).default("mine"),
  status: z.enum(["PENDING", "APPROVED", "DENIED", "EXPIRED", "CANCELLED", "PROVISIONING", "PROVISIONED", "FAILED"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RequestListQuery = z.infer<typeof requestListQuerySchema>;

export const idParamsSchema = z.object({ id: z.string().trim().min(1).max(64).regex(/^[\w-]+$/, "not a valid id") });
