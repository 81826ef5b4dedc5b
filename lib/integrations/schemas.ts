import { z } from "zod";
import { TARGET_TYPES } from "@/lib/targets";

// Input of the integrations API and forms. Target settings are validated separately by
// the target's own connector (parseTargetSettings), once the type is known.

export const MAX_GRACE_SECONDS = 30 * 86_400;

const fields = {
  name: z.string().trim().min(1, "is required").max(80),
  accountId: z
    .string()
    .trim()
    .regex(/^\d{12}$/, "must be a 12-digit AWS account id"),
  iamUserName: z
    .string()
    .trim()
    .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM user name (letters, digits and +=,.@_-, at most 64)"),
  targetType: z.enum(TARGET_TYPES, { error: `must be one of ${TARGET_TYPES.join(", ")}` }),
  targetSettings: z.record(z.string(), z.unknown()),
  /** Write-only: stored encrypted, never returned. */
  targetToken: z.string().trim().min(1, "must not be empty").max(4096),
  rotationIntervalDays: z.coerce.number().int().min(1).max(365),
  graceSeconds: z.coerce.number().int().min(0).max(MAX_GRACE_SECONDS),
  ownerEmail: z.email("must be an email address").max(254),
  enabled: z.boolean(),
};

export const createIntegrationSchema = z.strictObject({
  ...fields,
  targetSettings: fields.targetSettings.default({}),
  targetToken: fields.targetToken.optional(),
  rotationIntervalDays: fields.rotationIntervalDays.default(90),
  graceSeconds: fields.graceSeconds.default(86_400),
  enabled: fields.enabled.default(true),
});
export type CreateIntegrationInput = z.infer<typeof createIntegrationSchema>;

/** A partial update; a token given replaces the stored one, a token left out keeps it. */
export const updateIntegrationSchema = z.strictObject(fields).partial();
export type UpdateIntegrationInput = z.infer<typeof updateIntegrationSchema>;

export const idParamsSchema = z.object({ id: z.string().regex(/^[a-z0-9]{20,40}$/i, "is not an id") });
