import { createHmac, timingSafeEqual } from "node:crypto";

// Slack signs every request it sends to an app (interactive buttons included) with the
// app's signing secret: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`. A request
// older than five minutes is refused, so a captured one cannot be replayed later.
// https://api.slack.com/authentication/verifying-requests-from-slack
// No server-only imports: the sandbox's Slack stand-in signs with it too.

export const SLACK_MAX_AGE_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

export function slackSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export function verifySlackSignature(
  secret: string,
  headers: { timestamp: string | null; signature: string | null },
  rawBody: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "missing" };
  if (Math.abs(nowSeconds - Number(timestamp)) > SLACK_MAX_AGE_SECONDS) return { ok: false, reason: "stale" };
  const given = Buffer.from(signature);
  const expected = Buffer.from(slackSignature(secret, timestamp, rawBody));
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: "mismatch" };
}
