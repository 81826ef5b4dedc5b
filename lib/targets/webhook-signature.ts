import { createHmac, timingSafeEqual } from "node:crypto";

// Signing of Keyless webhook deliveries, in the style of Stripe's timestamped signatures:
//   X-Keyless-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// A receiver recomputes v1 over the raw bytes it received and refuses deliveries whose t
// is more than 5 minutes from its clock (replay window). Each retry is signed afresh.
// Pure (no server-only): the sandbox's webhook receiver verifies with the same code.

export const SIGNATURE_HEADER = "x-keyless-signature";
export const EVENT_HEADER = "x-keyless-event";
export const DELIVERY_HEADER = "x-keyless-delivery";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export function signatureHeader(secret: string, body: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${computeSignature(secret, t, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: "missing" | "malformed" | "expired" | "mismatch" };

export function verifySignature(input: {
  secret: string;
  body: string;
  header: string | null | undefined;
  nowMs?: number;
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!input.header) return { ok: false, reason: "missing" };
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of input.header.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === "t" && v && /^\d+$/.test(v)) timestamp = Number(v);
    // Several v1 values may be sent while a signing secret is being changed.
    else if (k === "v1" && v && /^[0-9a-f]{64}$/.test(v)) candidates.push(v);
  }
  if (timestamp === undefined || candidates.length === 0) return { ok: false, reason: "malformed" };
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs((input.nowMs ?? Date.now()) / 1000 - timestamp) > tolerance) return { ok: false, reason: "expired" };
  const expected = Buffer.from(computeSignature(input.secret, timestamp, input.body), "hex");
  const match = candidates.some((c) => timingSafeEqual(Buffer.from(c, "hex"), expected));
  return match ? { ok: true, timestamp } : { ok: false, reason: "mismatch" };
}
