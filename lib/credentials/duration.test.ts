import { describe, expect, it } from "vitest";
import { resolveDuration } from "@/lib/credentials/duration";

const limits = { roleMaxSeconds: 14_400, orgMaxSeconds: 43_200, defaultSeconds: 3600, roleChaining: false };

describe("resolveDuration", () => {
  it("uses the default when nothing is asked", () => {
    expect(resolveDuration(undefined, limits)).toEqual({ durationSeconds: 3600 });
  });
  it("gives what is asked within the limits", () => {
    expect(resolveDuration(7200, limits)).toEqual({ durationSeconds: 7200 });
    expect(resolveDuration(14_400, limits)).toEqual({ durationSeconds: 14_400 });
  });
  it("caps at the role's maximum and says why", () => {
    const r = resolveDuration(28_800, limits);
    expect(r.durationSeconds).toBe(14_400);
    expect(r.cappedReason).toMatch(/role allows sessions of at most 4 hours/);
  });
  it("caps at the organisation's ceiling when it is the lower one", () => {
    const r = resolveDuration(28_800, { ...limits, roleMaxSeconds: 43_200, orgMaxSeconds: 7200 });
    expect(r).toEqual({ durationSeconds: 7200, cappedReason: "Your organisation allows sessions of at most 2 hours." });
  });
  it("explains the one-hour role-chaining limit", () => {
    const r = resolveDuration(7200, { ...limits, roleChaining: true });
    expect(r.durationSeconds).toBe(3600);
    expect(r.cappedReason).toMatch(/role chaining/);
  });
  it("caps a default silently (nobody asked for more)", () => {
    expect(resolveDuration(undefined, { ...limits, roleMaxSeconds: 900 })).toEqual({ durationSeconds: 900 });
  });
  it("never goes below AWS's 15-minute minimum", () => {
    expect(resolveDuration(undefined, { ...limits, roleMaxSeconds: 300, defaultSeconds: 300 }).durationSeconds).toBe(900);
  });
});
