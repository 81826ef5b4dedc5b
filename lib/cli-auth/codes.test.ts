import { describe, expect, it } from "vitest";
import {
  formatUserCode,
  hashToken,
  hashUserCode,
  isTokenOfKind,
  newToken,
  newUserCode,
  normalizeUserCode,
  USER_CODE_ALPHABET,
} from "@/lib/cli-auth/codes";

describe("user codes", () => {
  it("are 8 characters from the 20 unambiguous consonants", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = newUserCode();
      expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
      seen.add(code);
    }
    expect(seen.size).toBe(500);
    expect(USER_CODE_ALPHABET).toHaveLength(20);
  });

  it("are shown as XXXX-XXXX", () => {
    expect(formatUserCode("WDJBMJHT")).toBe("WDJB-MJHT");
  });

  it("accept what people type, whatever the case, spaces and dashes", () => {
    for (const typed of ["WDJB-MJHT", "wdjb-mjht", "wdjbmjht", " WDJB MJHT ", "wd-jb-mj-ht"])
      expect(normalizeUserCode(typed)).toBe("WDJBMJHT");
  });

  it("refuse what cannot be a code", () => {
    for (const typed of ["", "WDJB-MJH", "WDJB-MJHTX", "WDJB-MJH0", "AEIO-UAEI", "WDJB_MJHT", "x".repeat(100)])
      expect(normalizeUserCode(typed)).toBeNull();
  });

  it("hash differently from tokens with the same text", () => {
    expect(hashUserCode("WDJBMJHT")).toMatch(/^[0-9a-f]{64}$/);
    expect(hashUserCode("WDJBMJHT")).not.toBe(hashToken("WDJBMJHT"));
  });
});

describe("tokens", () => {
  it("carry their kind and 256 random bits", () => {
    const a = newToken("access");
    expect(a).toMatch(/^kl_at_[A-Za-z0-9_-]{43}$/);
    expect(isTokenOfKind(a, "access")).toBe(true);
    expect(isTokenOfKind(a, "refresh")).toBe(false);
    expect(isTokenOfKind(newToken("refresh"), "refresh")).toBe(true);
    expect(newToken("access")).not.toBe(a);
  });

  it("are refused before lookup when malformed", () => {
    expect(isTokenOfKind("kl_at_short", "access")).toBe(false);
    expect(isTokenOfKind(`kl_at_${"a".repeat(42)}!`, "access")).toBe(false);
    expect(isTokenOfKind(`kl_at_${"a".repeat(4000)}`, "access")).toBe(false);
  });

  it("are stored as their SHA-256 only", () => {
    const token = newToken("access");
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token.slice(6, 20));
    expect(hashToken(token)).toBe(hash);
  });
});
