import { describe, expect, it } from "vitest";
import { computeSignature, signatureHeader, verifySignature } from "./webhook-signature";

const secret = "whsec_test_secret";
const body = '{"event":"keyless.key_rotated"}';
const t = 1_700_000_000;

describe("webhook signatures", () => {
  it("matches an HMAC-SHA256 over '<t>.<body>' computed independently (Python hmac)", () => {
    expect(computeSignature(secret, t, body)).toBe("fe27bbcb83d3376c22833926108da8740bb58d4236a5f813f66b5341eb310bda");
  });

  it("builds t=…,v1=… and verifies it within the replay window", () => {
    const header = signatureHeader(secret, body, t * 1000);
    expect(header).toBe(`t=${t},v1=${computeSignature(secret, t, body)}`);
    expect(verifySignature({ secret, body, header, nowMs: (t + 299) * 1000 })).toEqual({ ok: true, timestamp: t });
  });

  it("refuses a delivery older (or newer) than the 5-minute window: a replay", () => {
    const header = signatureHeader(secret, body, t * 1000);
    expect(verifySignature({ secret, body, header, nowMs: (t + 301) * 1000 })).toEqual({ ok: false, reason: "expired" });
    expect(verifySignature({ secret, body, header, nowMs: (t - 301) * 1000 })).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a changed body, a wrong secret, and a timestamp moved without re-signing", () => {
    const header = signatureHeader(secret, body, t * 1000);
    const now = t * 1000;
    expect(verifySignature({ secret, body: body.replace("rotated", "deleted"), header, nowMs: now }).ok).toBe(false);
    expect(verifySignature({ secret: "another-secret", body, header, nowMs: now })).toEqual({ ok: false, reason: "mismatch" });
    const moved = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(verifySignature({ secret, body, header: moved, nowMs: now })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("accepts any of several v1 values (a receiver changing its secret) and ignores unknown schemes", () => {
    const good = computeSignature(secret, t, body);
    const header = `t=${t},v0=abc,v1=${"0".repeat(64)},v1=${good}`;
    expect(verifySignature({ secret, body, header, nowMs: t * 1000 }).ok).toBe(true);
  });

  it("says why a header is unusable", () => {
    expect(verifySignature({ secret, body, header: undefined })).toEqual({ ok: false, reason: "missing" });
    expect(verifySignature({ secret, body, header: "v1=abc" })).toEqual({ ok: false, reason: "malformed" });
    expect(verifySignature({ secret, body, header: `t=${t}` })).toEqual({ ok: false, reason: "malformed" });
    expect(verifySignature({ secret, body, header: `t=${t},v1=not-hex` })).toEqual({ ok: false, reason: "malformed" });
  });
});
