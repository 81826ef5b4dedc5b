import { describe, expect, it } from "vitest";
import { SLACK_MAX_AGE_SECONDS, slackSignature, verifySlackSignature } from "@/lib/slack/signature";

// Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack).
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TIMESTAMP = "1531420618";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const EXPECTED = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const now = Number(TIMESTAMP) + 10;

describe("Slack request signatures", () => {
  it("matches Slack's documented example", () => {
    expect(slackSignature(SECRET, TIMESTAMP, BODY)).toBe(EXPECTED);
    expect(verifySlackSignature(SECRET, { timestamp: TIMESTAMP, signature: EXPECTED }, BODY, now)).toEqual({ ok: true });
  });

  it("refuses a changed body, another secret, or a missing header", () => {
    expect(verifySlackSignature(SECRET, { timestamp: TIMESTAMP, signature: EXPECTED }, `${BODY}x`, now)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifySlackSignature(`${SECRET}x`, { timestamp: TIMESTAMP, signature: EXPECTED }, BODY, now)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifySlackSignature(SECRET, { timestamp: null, signature: EXPECTED }, BODY, now)).toEqual({ ok: false, reason: "missing" });
    expect(verifySlackSignature(SECRET, { timestamp: TIMESTAMP, signature: null }, BODY, now)).toEqual({ ok: false, reason: "missing" });
    expect(verifySlackSignature(SECRET, { timestamp: "12ab", signature: EXPECTED }, BODY, now)).toEqual({ ok: false, reason: "missing" });
  });

  it("refuses a request older (or newer) than five minutes: no replay", () => {
    const at = (offset: number) =>
      verifySlackSignature(SECRET, { timestamp: TIMESTAMP, signature: EXPECTED }, BODY, Number(TIMESTAMP) + offset);
    expect(at(SLACK_MAX_AGE_SECONDS)).toEqual({ ok: true });
    expect(at(SLACK_MAX_AGE_SECONDS + 1)).toEqual({ ok: false, reason: "stale" });
    expect(at(-SLACK_MAX_AGE_SECONDS - 1)).toEqual({ ok: false, reason: "stale" });
  });
});
