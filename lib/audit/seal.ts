import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

// The keyed half of the audit chain (ADR 017). The database chains each entry's SHA-256 to
// its predecessor; the app seals each entry with HMAC-SHA256(key, hash). The key lives only
// in the app's configuration, never in the database (nor in a statement sent to it), so
// someone who can rewrite the database, triggers off and SHA chain recomputed, still cannot
// forge the seals. Since `hash` covers every earlier entry, one seal binds its history too.

/** The configured key, or null when the chain is not sealed (allowed outside production). */
export function auditKey(): Buffer | null {
  const key = env().KEYLESS_AUDIT_HMAC_KEY;
  return key ? Buffer.from(key, "base64") : null;
}

/** The seal of one entry: hex HMAC-SHA256 of its hash. */
export function sealOf(hash: string, key: Buffer): string {
  return createHmac("sha256", key).update(hash, "utf8").digest("hex");
}

export function sealMatches(hash: string, mac: string, key: Buffer): boolean {
  const expected = Buffer.from(sealOf(hash, key), "hex");
  const given = Buffer.from(mac, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
