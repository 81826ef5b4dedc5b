import { z } from "zod";

// The rotation policy: when a key is due, overdue or unused. Admins change it on the keys
// page; these defaults are SPEC.md's. Pure (no database): the UI, the API and tests share it.

export const DEFAULT_ROTATION_POLICY = { rotateDays: 90, warnDays: 75, unusedDays: 90, neverUsedDays: 7 } as const;

const days = (what: string) =>
  z.coerce
    .number()
    .int(`${what} must be a whole number of days.`)
    .min(1, `${what} must be at least 1 day.`)
    .max(3650, `${what} must be at most 3650 days.`);

export const rotationPolicySchema = z
  .object({
    rotateDays: days("Rotate after"),
    warnDays: days("Warn from"),
    unusedDays: days("Unused after"),
    neverUsedDays: days("Never used after"),
  })
  .strict()
  .refine((p) => p.warnDays < p.rotateDays, { path: ["warnDays"], message: "The warning must start before the key is overdue." });

export type RotationPolicy = z.infer<typeof rotationPolicySchema>;

/** The thresholds a rule may name. */
export type PolicyThreshold = keyof RotationPolicy;
