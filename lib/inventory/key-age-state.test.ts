import { describe, expect, it } from "vitest";
import { DEFAULT_ROTATION_POLICY, rotationPolicySchema } from "@/lib/inventory/policy";
import { ageDays, DAY_MS, rotationState, type KeyFacts } from "@/lib/inventory/key-age-state";

const now = new Date("2026-06-01T12:00:00.000Z");
const daysAgo = (d: number, extraMs = 0) => new Date(now.getTime() - d * DAY_MS - extraMs);
const policy = DEFAULT_ROTATION_POLICY;

function key(facts: Partial<KeyFacts> & { age: number; usedDaysAgo?: number | null }): KeyFacts {
  const { age, usedDaysAgo = 1, ...rest } = facts;
  return {
    status: "ACTIVE",
    createdAt: daysAgo(age),
    lastUsedAt: usedDaysAgo === null ? null : daysAgo(usedDaysAgo),
    deletedAt: null,
    ...rest,
  };
}
const state = (k: KeyFacts) => rotationState(k, policy, now);

describe("rotation state at the policy's boundaries (defaults: 75 / 90 / unused 90 / never used 7)", () => {
  it.each([
    [0, "ok"],
    [74, "ok"],
    [75, "due"],
    [89, "due"],
    [90, "overdue"],
    [91, "overdue"],
    [400, "overdue"],
  ])("a key used yesterday, %i days old, is %s", (age, expected) => {
    expect(state(key({ age }))).toBe(expected);
  });

  it("turns due exactly at 75 days, not a millisecond before", () => {
    expect(state({ ...key({ age: 0 }), createdAt: daysAgo(75, -1) })).toBe("ok");
    expect(state({ ...key({ age: 0 }), createdAt: daysAgo(75) })).toBe("due");
  });

  it.each([
    [6, "ok"],
    [7, "unused"],
    [8, "unused"],
  ])("a key never used, %i days old, is %s", (age, expected) => {
    expect(state(key({ age, usedDaysAgo: null }))).toBe(expected);
  });

  it.each([
    [89, "overdue"],
    [90, "unused"],
    [91, "unused"],
  ])("a 200-day-old key last used %i days ago is %s", (usedDaysAgo, expected) => {
    expect(state(key({ age: 200, usedDaysAgo }))).toBe(expected);
  });

  it("calls a young key unused once its last use is 90 days old, even though it is not overdue", () => {
    expect(state(key({ age: 60, usedDaysAgo: 59 }))).toBe("ok");
  });

  it("puts inactive before age and use, and deleted before everything", () => {
    expect(state(key({ age: 400, usedDaysAgo: null, status: "INACTIVE" }))).toBe("inactive");
    expect(state(key({ age: 3, status: "INACTIVE" }))).toBe("inactive");
    expect(state(key({ age: 3, status: "INACTIVE", deletedAt: daysAgo(1) }))).toBe("deleted");
    expect(state(key({ age: 400, deletedAt: daysAgo(0) }))).toBe("deleted");
  });

  it("follows a changed policy", () => {
    const strict = { rotateDays: 30, warnDays: 20, unusedDays: 30, neverUsedDays: 1 };
    expect(rotationState(key({ age: 20 }), strict, now)).toBe("due");
    expect(rotationState(key({ age: 30 }), strict, now)).toBe("overdue");
    expect(rotationState(key({ age: 1, usedDaysAgo: null }), strict, now)).toBe("unused");
  });
});

describe("ageDays", () => {
  it("counts whole days", () => {
    expect(ageDays(daysAgo(212), now)).toBe(212);
    expect(ageDays(daysAgo(212, -1), now)).toBe(211);
    expect(ageDays(new Date(now.getTime() + 5000), now)).toBe(0);
  });
});

describe("rotationPolicySchema", () => {
  it("accepts the defaults and refuses a warning that starts after rotation", () => {
    expect(rotationPolicySchema.parse(DEFAULT_ROTATION_POLICY)).toEqual(DEFAULT_ROTATION_POLICY);
    const bad = rotationPolicySchema.safeParse({ ...DEFAULT_ROTATION_POLICY, warnDays: 90 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["warnDays"]);
  });
  it("refuses zero, fractions and unknown fields", () => {
    expect(rotationPolicySchema.safeParse({ ...DEFAULT_ROTATION_POLICY, rotateDays: 0 }).success).toBe(false);
    expect(rotationPolicySchema.safeParse({ ...DEFAULT_ROTATION_POLICY, rotateDays: 1.5 }).success).toBe(false);
    expect(rotationPolicySchema.safeParse({ ...DEFAULT_ROTATION_POLICY, extra: 1 }).success).toBe(false);
  });
});
