import { describe, expect, it } from "vitest";
import { extendedExpiry, grantRemainingSeconds, isGrantActive } from "@/lib/approvals/grant-window";

const now = new Date("2026-11-28T12:00:00Z");
const at = (h: number) => new Date(now.getTime() + h * 3600_000);

describe("grants", () => {
  it("are active until they expire or are revoked", () => {
    expect(isGrantActive({ expiresAt: at(1), revokedAt: null }, now)).toBe(true);
    expect(isGrantActive({ expiresAt: now, revokedAt: null }, now)).toBe(false);
    expect(isGrantActive({ expiresAt: at(1), revokedAt: now }, now)).toBe(false);
  });
  it("a new approval extends an active grant to the later end", () => {
    expect(extendedExpiry({ expiresAt: at(1), revokedAt: null }, now, 4 * 3600)).toEqual(at(4));
    expect(extendedExpiry({ expiresAt: at(8), revokedAt: null }, now, 4 * 3600)).toEqual(at(8));
  });
  it("starts afresh when the previous grant expired or was revoked", () => {
    expect(extendedExpiry({ expiresAt: at(-1), revokedAt: null }, now, 3600)).toEqual(at(1));
    expect(extendedExpiry({ expiresAt: at(5), revokedAt: at(-0.5) }, now, 3600)).toEqual(at(1));
    expect(extendedExpiry(null, now, 3600)).toEqual(at(1));
  });
  it("reports the seconds left", () => {
    expect(grantRemainingSeconds({ expiresAt: at(0.5), revokedAt: null }, now)).toBe(1800);
    expect(grantRemainingSeconds({ expiresAt: at(-1), revokedAt: null }, now)).toBe(0);
  });
});
