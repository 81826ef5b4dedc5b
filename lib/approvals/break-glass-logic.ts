import { z } from "zod";
import {
  approverGroupsOf,
  eligibleApprover,
  type Eligibility,
  type Person,
  type Rule,
  type Target,
} from "@/lib/approvals/approver-rules-match";
import { AWS_MIN_SESSION_SECONDS } from "@/lib/credentials/duration";

// Break-glass, pure: who may activate a role at once, for how long, and who reviews the use
// afterwards. Short by design: an emergency, not a way around approvals.

export const BREAK_GLASS_DEFAULT_SECONDS = 3600;
export const BREAK_GLASS_LIMIT_SECONDS = 4 * 3600;
export const BREAK_GLASS_MIN_JUSTIFICATION = 20;

/** The longest activation an admin may allow for a role (15 minutes, AWS's shortest session, to 4 hours). */
export const breakGlassMaxSecondsSchema = z.coerce
  .number()
  .int()
  .min(AWS_MIN_SESSION_SECONDS, "Break-glass access lasts at least 15 minutes (AWS's shortest session).")
  .max(BREAK_GLASS_LIMIT_SECONDS, "Break-glass access lasts at most 4 hours.");

export const breakGlassActivationSchema = z.strictObject({
  justification: z
    .string()
    .trim()
    .min(BREAK_GLASS_MIN_JUSTIFICATION, `Say what the emergency is (at least ${BREAK_GLASS_MIN_JUSTIFICATION} characters).`)
    .max(2000),
  /** Shorter than the role allows, if the person wants; never longer. */
  durationSeconds: z.number().int().min(AWS_MIN_SESSION_SECONDS, "At least 15 minutes (900 seconds).").optional(),
});
export type BreakGlassActivation = z.infer<typeof breakGlassActivationSchema>;

export const breakGlassReviewSchema = z.strictObject({
  comment: z.string().trim().min(3, "Say what you checked: a review needs a comment.").max(2000),
});

export type BreakGlassRole = { breakGlass: boolean; breakGlassMaxSeconds: number; allowedGroups: readonly string[] };
export type LiveGrant = { expiresAt: Date; breakGlass: boolean };

export type ActivationCheck =
  { ok: true; durationSeconds: number } | { ok: false; status: 403 | 404 | 409 | 422; code: string; reason: string };

export function durationLabel(seconds: number): string {
  return seconds < 3600 || seconds % 3600 !== 0 ? `${Math.round(seconds / 60)} min` : `${seconds / 3600} h`;
}

const hhmm = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;

/** Whether this person may activate this role now, and for how long. */
export function checkActivation(
  groups: readonly string[],
  role: BreakGlassRole,
  live: LiveGrant | null,
  requestedSeconds?: number,
): ActivationCheck {
  // A role the person's groups do not map to is not theirs to see (as for requests): 404.
  if (!role.allowedGroups.some((g) => groups.includes(g)))
    return { ok: false, status: 404, code: "not-mapped", reason: "The role was not found." };
  if (!role.breakGlass)
    return { ok: false, status: 403, code: "not-break-glass", reason: "This role is not marked break-glass: request access instead." };
  if (live) {
    const what = live.breakGlass ? "break-glass access" : "approved access";
    return {
      ok: false,
      status: 409,
      code: "already-granted",
      reason: `You already have ${what} to this role until ${hhmm(live.expiresAt)}.`,
    };
  }
  const max = Math.min(role.breakGlassMaxSeconds, BREAK_GLASS_LIMIT_SECONDS);
  if (requestedSeconds !== undefined && requestedSeconds > max) {
    return { ok: false, status: 422, code: "too-long", reason: `Break-glass access to this role lasts at most ${durationLabel(max)}.` };
  }
  return { ok: true, durationSeconds: requestedSeconds ?? max };
}

export type Reviewable = { userId: string; breakGlass: boolean; reviewedAt: Date | null };

/** A manager who approves the role, or an admin; never the person who used it. */
export function canReview(person: Person, grant: Reviewable, target: Target, rules: readonly Rule[]): Eligibility {
  if (!grant.breakGlass) return { ok: false, reason: "Only break-glass access is reviewed afterwards." };
  if (person.userId === grant.userId)
    return { ok: false, reason: "Nobody reviews their own break-glass use: another manager or an admin does." };
  const eligible = eligibleApprover(person, approverGroupsOf(target, rules));
  return eligible.ok ? eligible : { ok: false, reason: "You do not approve this role, so you cannot review its break-glass use." };
}
