import { describe, expect, it } from "vitest";
import { groupsAreCurrent, groupsMaxAgeMs } from "@/lib/lifecycle/freshness";

const policy = { sessionMaxAgeHours: 12, refreshMinutes: 15, scimEnabled: true };
const now = new Date("2026-12-06T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe("groupsAreCurrent", () => {
  it("trusts groups the IdP confirmed within a browser session's lifetime", () => {
    expect(groupsAreCurrent({ source: "sso", groupsCheckedAt: hoursAgo(11.9) }, policy, now)).toBe(true);
  });
  it("refuses groups older than that, and groups never confirmed", () => {
    expect(groupsAreCurrent({ source: "sso", groupsCheckedAt: hoursAgo(12.1) }, policy, now)).toBe(false);
    expect(groupsAreCurrent({ source: "sso", groupsCheckedAt: null }, policy, now)).toBe(false);
  });
  it("trusts SCIM-provisioned people only while SCIM is configured", () => {
    expect(groupsAreCurrent({ source: "scim", groupsCheckedAt: hoursAgo(200) }, policy, now)).toBe(true);
    expect(groupsAreCurrent({ source: "scim", groupsCheckedAt: hoursAgo(200) }, { ...policy, scimEnabled: false }, now)).toBe(false);
  });
  it("never allows less than four re-read intervals (a slow IdP must not lock people out)", () => {
    expect(groupsMaxAgeMs({ sessionMaxAgeHours: 0.5, refreshMinutes: 60, scimEnabled: false })).toBe(4 * 3_600_000);
  });
});
