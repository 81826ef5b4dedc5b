import { z } from "zod";
import { AWS_MAX_SESSION_SECONDS, AWS_MIN_SESSION_SECONDS } from "@/lib/credentials/duration";

export const roleIdSchema = z.string().trim().min(1, "roleId is required").max(64).regex(/^[\w-]+$/, "roleId is not a valid id");

export const credentialsRequestSchema = z.strictObject({
  roleId: roleIdSchema,
  durationSeconds: z
    .number({ error: "durationSeconds must be a number of seconds" })
    .int("durationSeconds must be a whole number")
    .min(AWS_MIN_SESSION_SECONDS, `durationSeconds must be at least ${AWS_MIN_SESSION_SECONDS} (15 minutes)`)
    .max(AWS_MAX_SESSION_SECONDS, `durationSeconds must be at most ${AWS_MAX_SESSION_SECONDS} (12 hours)`)
    .optional(),
});

export const consoleUrlRequestSchema = z.strictObject({ roleId: roleIdSchema });
