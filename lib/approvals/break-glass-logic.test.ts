import { describe, expect, it } from "vitest";
import {
  breakGlassActivationSchema,
  breakGlassMaxSecondsSchema,
  canReview,
  checkActivation,
  durationLabel,
  type BreakGlassRole,
} from "@/lib/approvals/break-glass-logic";
import type { Person, Rule, Target } from "@/lib/approvals/approver-rules-match";

const role: BreakGlassRole = { breakGlass: true, breakGlassMaxSeconds: 3600, allowedGroups: ["engineering"] };
const until = new Date("2026-12-08T14:30:00Z");

describe("break-glass activation", () => {
  const CASES: { name: string; groups: string[]; role?: Partial<BreakGlassRole>; live?: boolean; asked?: number; expect: unknown }[] = [
    { name: "an allowed engineer, for the role's duration", groups: ["engineering"], expect: { ok: true, durationSeconds: 3600 } },
    { name: "a shorter activation when asked", groups: ["engineering"], asked: 900, expect: { ok: true, durationSeconds: 900 } },
    {
      name: "never longer than the role allows",
      groups: ["engineering"],
      asked: 7200,
      expect: { ok: false, status: 422, code: "too-long", reason: "Break-glass access to this role lasts at most 1 h." },
    },
    {
      name: "never past 4 hours, whatever the row says",
      groups: ["engineering"],
      role: { breakGlassMaxSeconds: 86_400 },
      expect: { ok: true, durationSeconds: 14_400 },
    },
    {
      name: "not for groups the role is not mapped to (not found)",
      groups: ["sales"],
      expect: { ok: false, status: 404, code: "not-mapped" },
    },
    {
      name: "not on a role that is not break-glass",
      groups: ["engineering"],
      role: { breakGlass: false },
      expect: { ok: false, status: 403, code: "not-break-glass" },
    },
    {
      name: "not while access is already granted",
      groups: ["engineering"],
      live: true,
      expect: { ok: false, status: 409, code: "already-granted" },
    },
  ];
  it.each(CASES)("$name", (c) => {
    const result = checkActivation(c.groups, { ...role, ...c.role }, c.live ? { expiresAt: until, breakGlass: false } : null, c.asked);
    expect(result).toMatchObject(c.expect as object);
  });

  it("says until when the live access lasts", () => {
    const result = checkActivation(["engineering"], role, { expiresAt: until, breakGlass: true }, undefined);
    expect(result.ok ? "" : result.reason).toBe("You already have break-glass access to this role until 14:30 UTC.");
  });

  it("needs a real justification (20 characters) and no unknown fields", () => {
    expect(breakGlassActivationSchema.safeParse({ justification: "prod is down" }).success).toBe(false);
    expect(breakGlassActivationSchema.safeParse({ justification: "   prod is down                    " }).success).toBe(false);
    expect(breakGlassActivationSchema.safeParse({ justification: "INC-77: checkout is down, rolling back" }).success).toBe(true);
    expect(breakGlassActivationSchema.safeParse({ justification: "INC-77: checkout is down, rolling back", roleArn: "x" }).success).toBe(
      false,
    );
  });

  it("lets admins set between 15 minutes and 4 hours", () => {
    expect(breakGlassMaxSecondsSchema.safeParse("3600").data).toBe(3600);
    expect(breakGlassMaxSecondsSchema.safeParse(600).success).toBe(false);
    expect(breakGlassMaxSecondsSchema.safeParse(14_401).success).toBe(false);
    expect([900, 3600, 5400, 14_400].map(durationLabel)).toEqual(["15 min", "1 h", "90 min", "4 h"]);
  });
});

describe("break-glass review", () => {
  const target: Target = { kind: "ROLE_ACCESS", awsRoleId: "bg", awsAccountId: "prod" };
  const rules: Rule[] = [{ awsRoleId: null, awsAccountId: null, kind: null, requesterGroups: ["*"], approverGroups: ["eng-managers"] }];
  const scoped: Rule[] = [
    ...rules,
    { awsRoleId: "bg", awsAccountId: null, kind: null, requesterGroups: ["*"], approverGroups: ["sre-leads"] },
  ];
  const use = { userId: "alice", breakGlass: true, reviewedAt: null };
  const mona: Person = { userId: "mona", groups: ["eng-managers"], roles: ["engineer", "manager"] };
  const adam: Person = { userId: "adam", groups: ["aws-admins"], roles: ["engineer", "admin"] };
  const bob: Person = { userId: "bob", groups: ["engineering"], roles: ["engineer"] };

  it.each([
    { who: "a manager who approves the role", person: mona, rules, ok: true },
    { who: "an admin", person: adam, rules: scoped, ok: true },
    { who: "a manager once the role's rule names others", person: mona, rules: scoped, ok: false },
    { who: "an engineer", person: bob, rules, ok: false },
    { who: "the person who used it, even an admin", person: { ...adam, userId: "alice" }, rules, ok: false },
  ])("$who: $ok", ({ person, rules: r, ok }) => {
    expect(canReview(person, use, target, r).ok).toBe(ok);
  });

  it("explains a self-review and a grant that is not break-glass", () => {
    expect(canReview({ ...mona, userId: "alice" }, use, target, rules)).toEqual({
      ok: false,
      reason: "Nobody reviews their own break-glass use: another manager or an admin does.",
    });
    expect(canReview(mona, { ...use, breakGlass: false }, target, rules).ok).toBe(false);
  });
});
