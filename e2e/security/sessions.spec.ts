import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { query } from "./support/db";
import { send, type Answer } from "./support/http";
import { signInHeadless } from "./support/sign-in";

// Browser sessions have a fixed end (issue 11): nothing a browser or a stolen cookie does
// moves it. Before, every GET /api/auth/session extended the database session and re-set
// the cookie with a later Expires, so an open tab kept a session alive for ever.

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

async function expiryOf(token: string): Promise<number> {
  const [row] = await query<{ expires: Date }>("SELECT expires FROM sessions WHERE session_token_hash = $1", [hash(token)]);
  if (!row) throw new Error("no such session");
  return row.expires.getTime();
}

/** Every Set-Cookie of an answer that sets the session cookie to a value (a refresh). */
function sessionRefreshes(a: Answer): string[] {
  const cookies = a.headers["set-cookie"] ?? [];
  return cookies.filter((c) => /^(__Host-)?keyless\.session=[^;]+/.test(c));
}

function cookieExpiry(setCookies: string[]): number {
  const cookie = setCookies.find((c) => /^(__Host-)?keyless\.session=[^;]+/.test(c)) ?? "";
  const expires = /;\s*Expires=([^;]+)/i.exec(cookie)?.[1];
  if (!expires) throw new Error(`session cookie without Expires: ${cookie}`);
  return new Date(expires).getTime();
}

test.describe("browser sessions end at a fixed time", () => {
  test("using the session never moves its end, in the database or in the cookie", async () => {
    const signedInAt = Date.now();
    const trace = await signInHeadless({ email: "alice@example.com" });
    const token = trace.session!;
    expect(token).toBeTruthy();
    const end = await expiryOf(token);
    // The configured lifetime (12 h in the sandbox) from sign-in, and the cookie says the same.
    expect(end - signedInAt).toBeGreaterThan(12 * 3_600_000 - 60_000);
    expect(end - signedInAt).toBeLessThan(12 * 3_600_000 + 60_000);
    expect(Math.abs(cookieExpiry(trace.setCookies) - end)).toBeLessThan(1_500);

    // Let the clock move on: an "extend on use" would now show.
    await new Promise((r) => setTimeout(r, 2_500));
    const cookie = { cookie: `keyless.session=${token}` };
    const session = await send({ method: "GET", path: "/api/auth/session", headers: cookie });
    expect(session.status).toBe(200);
    expect(sessionRefreshes(session)).toEqual([]);
    const body = JSON.parse(session.text) as { expires?: string; user?: { email?: string } };
    expect(body.user?.email).toBe("alice@example.com");
    expect(new Date(body.expires ?? 0).getTime()).toBe(end);

    for (const path of ["/", "/keys", "/api/v1/me", "/api/v1/aws-roles"]) {
      const answer = await send({ method: "GET", path, headers: cookie });
      expect(answer.status, path).toBe(200);
      expect(sessionRefreshes(answer), path).toEqual([]);
    }
    // Twice more, for good measure: still the same end.
    await send({ method: "GET", path: "/api/auth/session", headers: cookie });
    expect(await expiryOf(token)).toBe(end);
    await trace.context.dispose();
  });

  test("a session past its end is refused everywhere, and its cookie is no key to anything", async () => {
    const trace = await signInHeadless({ email: "alice@example.com" });
    const token = trace.session!;
    const cookie = { cookie: `keyless.session=${token}` };
    expect((await send({ method: "GET", path: "/api/v1/me", headers: cookie })).status).toBe(200);
    // The same session, as it is once its fixed end has passed.
    await query("UPDATE sessions SET expires = now() - interval '1 second' WHERE session_token_hash = $1", [hash(token)]);
    expect((await send({ method: "GET", path: "/api/v1/me", headers: cookie })).status).toBe(401);
    const page = await send({ method: "GET", path: "/keys", headers: cookie });
    expect(page.status).toBe(307);
    expect(page.headers.location).toContain("/signin");
    const session = await send({ method: "GET", path: "/api/auth/session", headers: cookie });
    expect(session.text).toBe("null");
    // next-auth clears the dead cookie instead of refreshing it.
    expect(sessionRefreshes(session)).toEqual([]);
    await trace.context.dispose();
  });
});
