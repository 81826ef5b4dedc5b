import { describe, expect, it } from "vitest";
import { accessExpiry, accessTokenState, needsTouch } from "@/lib/cli-auth/tokens";

const now = new Date("2026-11-28T12:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe("accessTokenState", () => {
  it("is valid until the access token expires", () => {
    expect(accessTokenState({ accessExpiresAt: minutes(1), expiresAt: minutes(600), revokedAt: null }, now)).toBe("valid");
    expect(accessTokenState({ accessExpiresAt: now, expiresAt: minutes(600), revokedAt: null }, now)).toBe("expired");
  });

  it("ends with the session, whatever the access token says", () => {
    expect(accessTokenState({ accessExpiresAt: minutes(30), expiresAt: minutes(-1), revokedAt: null }, now)).toBe("session-ended");
  });

  it("is refused once revoked", () => {
    expect(accessTokenState({ accessExpiresAt: minutes(30), expiresAt: minutes(600), revokedAt: minutes(-5) }, now)).toBe("revoked");
  });
});

describe("accessExpiry", () => {
  it("is the access lifetime, capped by the end of the session", () => {
    expect(accessExpiry(now, 60, minutes(600))).toEqual(minutes(60));
    expect(accessExpiry(now, 60, minutes(20))).toEqual(minutes(20));
  });
});

describe("needsTouch", () => {
  it("writes the first use, then at most once a minute", () => {
    expect(needsTouch({ lastUsedAt: null, lastIp: null }, "10.0.0.1", now)).toBe(true);
    expect(needsTouch({ lastUsedAt: new Date(now.getTime() - 30_000), lastIp: "10.0.0.1" }, "10.0.0.1", now)).toBe(false);
    expect(needsTouch({ lastUsedAt: new Date(now.getTime() - 60_000), lastIp: "10.0.0.1" }, "10.0.0.1", now)).toBe(true);
  });

  it("writes at once when the token is used from a new address", () => {
    expect(needsTouch({ lastUsedAt: new Date(now.getTime() - 1000), lastIp: "10.0.0.1" }, "10.0.0.2", now)).toBe(true);
    expect(needsTouch({ lastUsedAt: new Date(now.getTime() - 1000), lastIp: "10.0.0.1" }, null, now)).toBe(false);
  });
});
