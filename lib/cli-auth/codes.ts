import { randomInt } from "node:crypto";
import { randomToken, sha256Hex } from "@/lib/crypto";

// The secrets of CLI sign-in. Device codes, access and refresh tokens are 256-bit random
// values with a prefix that says what they are (and lets secret scanners find a leaked
// one); the server keeps only their SHA-256. User codes are what a person reads from the
// terminal and types in the browser: RFC 8628 §6.1's 20 consonants, 8 of them (≈34.6
// bits), short-lived and tried against a per-person rate limit.

export const TOKEN_PREFIX = { device: "kl_dc_", access: "kl_at_", refresh: "kl_rt_" } as const;
export type TokenKind = keyof typeof TOKEN_PREFIX;

const TOKEN_BODY = /^[A-Za-z0-9_-]{43}$/;

export function newToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomToken(32);
}

/** Cheap shape check before any database lookup (and a guard against huge inputs). */
export function isTokenOfKind(value: string, kind: TokenKind): boolean {
  const prefix = TOKEN_PREFIX[kind];
  return value.length === prefix.length + 43 && value.startsWith(prefix) && TOKEN_BODY.test(value.slice(prefix.length));
}

export function hashToken(token: string): string {
  return sha256Hex(token);
}

export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
export const USER_CODE_LENGTH = 8;

export function newUserCode(): string {
  let code = "";
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** WDJBMJHT → WDJB-MJHT, as people read it. */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed → the canonical code, or null when it cannot be one. Case, spaces
 * and dashes do not matter (RFC 8628 §6.1); anything outside the alphabet is refused
 * before it is looked up.
 */
export function normalizeUserCode(input: string): string | null {
  if (input.length > 32) return null;
  const code = input.toUpperCase().replace(/[\s-]+/g, "");
  if (code.length !== USER_CODE_LENGTH) return null;
  for (const c of code) if (!USER_CODE_ALPHABET.includes(c)) return null;
  return code;
}

export function hashUserCode(code: string): string {
  return sha256Hex(`user-code:${code}`);
}
