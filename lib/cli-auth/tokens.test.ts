import { describe, expect, it } from "vitest";
import { accessExpiry } from "@/lib/cli-auth/tokens";

const now = new Date("2026-11-28T12:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe("accessExpiry", () => {
  it("is the access lifetime, capped by the end of the session", () => {
    expect(accessExpiry(now, 60, minutes(600))).toEqual(minutes(60));
    expect(accessExpiry(now, 60, minutes(20))).toEqual(minutes(20));
  });
});
