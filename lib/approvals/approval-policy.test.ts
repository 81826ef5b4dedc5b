import { describe, expect, it } from "vitest";
import { approvalNeed, confirms } from "@/lib/approvals/approval-policy";

const mona = { userId: "mona", asAdmin: false };
const sam = { userId: "sam", asAdmin: false };
const adam = { userId: "adam", asAdmin: true };

describe("approvalNeed", () => {
  it("one approval completes a low or medium request", () => {
    expect(approvalNeed("low", [mona], "admin-or-two").complete).toBe(true);
    expect(approvalNeed("medium", [], "two").complete).toBe(false);
    expect(approvalNeed("medium", [mona], "two")).toMatchObject({ careful: false, complete: true });
  });
  it.each([["high"], ["critical"], [null]] as const)("%s: an admin or two different approvers (admin-or-two)", (level) => {
    expect(approvalNeed(level, [mona], "admin-or-two")).toMatchObject({ careful: true, complete: false, have: 1 });
    expect(approvalNeed(level, [mona, mona], "admin-or-two").complete).toBe(false);
    expect(approvalNeed(level, [mona, sam], "admin-or-two").complete).toBe(true);
    expect(approvalNeed(level, [adam], "admin-or-two").complete).toBe(true);
  });
  it("admin: only an admin's approval completes it, however many others approve", () => {
    expect(approvalNeed("critical", [mona, sam], "admin").complete).toBe(false);
    expect(approvalNeed("critical", [mona, adam], "admin").complete).toBe(true);
  });
  it("two: an admin counts as one of the two", () => {
    expect(approvalNeed("high", [adam], "two").complete).toBe(false);
    expect(approvalNeed("high", [adam, mona], "two").complete).toBe(true);
  });
});

describe("confirms", () => {
  it("matches the name typed, ignoring case and surrounding space, and nothing else", () => {
    expect(confirms("  docs preview READER ", "Docs preview reader")).toBe(true);
    expect(confirms("Docs preview", "Docs preview reader")).toBe(false);
    expect(confirms(undefined, "x")).toBe(false);
    expect(confirms("", "")).toBe(true);
  });
});
