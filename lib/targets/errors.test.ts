import { describe, expect, it } from "vitest";
import { errorForStatus, redact, serviceMessage, TargetError } from "./errors";
import { parseRetryAfter } from "./http";

const ctx = { target: "github" as const, label: "GitHub", notFound: "repository acme/api was not found, or the token cannot see it" };

describe("errorForStatus", () => {
  it.each([
    [401, "auth", false, /the API token was refused/],
    [403, "forbidden", false, /the API token was refused for this action/],
    [404, "not_found", false, /repository acme\/api was not found/],
    [422, "rejected", false, /the request was rejected/],
    [409, "rejected", false, /rejected/],
    [302, "misconfigured", false, /redirected/],
    [408, "timeout", true, /timed out/],
    [429, "rate_limited", true, /rate limit/],
    [500, "unavailable", true, /failing/],
    [503, "unavailable", true, /failing/],
  ] as const)("maps HTTP %i to %s (retryable: %s)", (status, reason, retryable, message) => {
    const error = errorForStatus(status, ctx);
    expect(error).toBeInstanceOf(TargetError);
    expect(error).toMatchObject({ reason, retryable, httpStatus: status, target: "github", status: 502 });
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^GitHub: .*\\(HTTP ${status}\\)$`));
  });

  it("treats GitHub's rate-limit 403 as retryable", () => {
    expect(errorForStatus(403, { ...ctx, rateLimited: true })).toMatchObject({ reason: "rate_limited", retryable: true });
  });

  it("uses a target's own wording for refusals (a webhook's signature) and quotes the service", () => {
    expect(errorForStatus(401, { ...ctx, refused: "the receiver refused the signature" }).message).toMatch(/refused the signature/);
    expect(errorForStatus(422, { ...ctx, serviceMessage: "Bad encrypted_value" }).message).toContain(": Bad encrypted_value");
  });
});

describe("serviceMessage and redact", () => {
  const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  it("extracts the message of GitHub, GitLab, Travis and plain-text bodies", () => {
    expect(serviceMessage({ message: "Bad credentials" }, [])).toBe("Bad credentials");
    expect(serviceMessage({ message: { value: ["is invalid"] } }, [])).toBe('{"value":["is invalid"]}');
    expect(serviceMessage({ "@type": "error", error_message: "login required" }, [])).toBe("login required");
    expect(serviceMessage("Invalid token provided.", [])).toBe("Invalid token provided.");
    expect(serviceMessage("<html><body>502</body></html>", [])).toBeUndefined();
  });

  it("never lets a secret echoed by a service through, even where the text is cut", () => {
    expect(serviceMessage({ message: `value ${secret} is invalid` }, [secret])).toBe("value [redacted] is invalid");
    const long = `${"x".repeat(190)}${secret}`;
    const out = serviceMessage(long, [secret]) ?? "";
    expect(out).not.toContain(secret.slice(0, 10));
    expect(redact(`a ${secret} b ${secret}`, [secret, null, undefined, ""])).toBe("a [redacted] b [redacted]");
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    expect(parseRetryAfter(inTwoSeconds)).toBeGreaterThan(0);
    expect(parseRetryAfter(inTwoSeconds)).toBeLessThanOrEqual(2000);
  });
});
