import { z } from "zod";

// Grants at the API's edge: approved access and break-glass activations with their review.

export const grantListQuerySchema = z.object({
  scope: z.enum(["mine", "all"]).default("mine"),
  awaitingReview: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .describe("true: break-glass uses nobody has reviewed yet (live or ended) instead of live grants."),
});

export const grantDtoSchema = z.object({
  id: z.string(),
  user: z.string(),
  roleId: z.string(),
  roleName: z.string(),
  roleArn: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  startsAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  requestId: z.string().nullable().describe("The approved request; null for break-glass."),
  breakGlass: z.boolean(),
  justification: z.string().nullable().describe("Break-glass: why it was activated."),
  awaitingReview: z.boolean().describe("Break-glass not yet acknowledged by a manager or admin."),
  review: z.object({ by: z.string().nullable(), at: z.iso.datetime(), comment: z.string().nullable() }).nullable(),
});
export const grantListSchema = z.array(grantDtoSchema);
