import { describe, expect, it } from "vitest";
import { isoWeek } from "@/lib/retirement/iso-week";

describe("isoWeek (the weekly summary's once-per-week key)", () => {
  it("numbers weeks as ISO 8601 does, across year ends", () => {
    expect(isoWeek(new Date("2026-12-07T08:00:00Z"))).toBe("2026-W50");
    expect(isoWeek(new Date("2026-12-06T23:59:00Z"))).toBe("2026-W49");
    expect(isoWeek(new Date("2027-01-01T00:00:00Z"))).toBe("2026-W53");
    expect(isoWeek(new Date("2025-12-29T00:00:00Z"))).toBe("2026-W01");
  });
});
