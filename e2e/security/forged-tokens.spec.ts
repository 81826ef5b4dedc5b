import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { cliSession, as } from "./support/fixtures";
import { changedTables, fingerprint, query } from "./support/db";
import { files } from "./support/env";
import { api, send } from "./support/http";
import { OidcAttacker, type Claims, type Scenario } from "./support/oidc-attacker";
import { signInHeadless } from "./support/sign-in";
import { startTlsApp, type TlsApp } from "./support/tls-app";

// Tokens that must grant nothing (issue 7): forged, expired or edited ID tokens at sign-in,
// a tampered or unknown session cookie, and bearer tokens that are random, expired or
// revoked. Sign-in runs through next-auth's real OIDC callback on a second instance of the
// app, configured against an IdP the test controls (support/oidc-attacker.ts) and served
// over TLS (support/tls-app.ts), which also shows the session cookie's TLS attributes.

const attacker = new OidcAttacker();
let tls: TlsApp;
const TABLES = ["users", "auth_accounts", "sessions"];

/** A sign-in on the TLS app where the IdP answers with `scenario`. */
async function signInWith(scenario: Scenario, claims: Claims) {
  attacker.expect(scenario, claims);
  const trace = await signInHeadless({ baseUrl: tls.url, ignoreHTTPSErrors: true });
  return trace;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await attacker.start(process.env.OIDC_ISSUER ?? "");
  tls = await startTlsApp({ OIDC_ISSUER: attacker.issuer, OIDC_CLIENT_ID: "keyless", OIDC_CLIENT_SECRET: "attacker-does-not-check" });
});

test.afterAll(async () => {
  await tls?.stop();
  await attacker.stop();
  // What this IdP issued is searched for by the leak scan like every other token.
  for (const token of attacker.issued)
    appendFileSync(files.extraSecrets, `${JSON.stringify({ kind: "oidc token (attacker IdP)", value: token })}\n`);
});

test.describe("sign-in over TLS", () => {
  test("a valid ID token signs in, with a __Host- session cookie that is Secure, HttpOnly and SameSite=Lax", async () => {
    const email = `tls-${randomUUID().slice(0, 8)}@example.com`;
    const trace = await signInWith("valid", { sub: `tls-${randomUUID()}`, email, name: "TLS Person", groups: ["engineering"] });
    expect(trace.location, trace.setCookies.join("\n")).toBe(`${tls.url}/`);
    const cookie = trace.setCookies.find((c) => c.startsWith("__Host-keyless.session="));
    expect(cookie, trace.setCookies.join("\n")).toBeDefined();
    const attributes = cookie!.split(";").map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["path=/", "httponly", "secure", "samesite=lax"]));
    expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
    expect(trace.setCookies.some((c) => c.startsWith("keyless.session="))).toBe(false);
    // next-auth's own cookies are prefixed and Secure too.
    for (const c of trace.setCookies.filter((s) => /authjs/.test(s.split("=")[0]!))) {
      expect(c, c).toMatch(/^__(Host|Secure)-authjs\./);
      expect(c.toLowerCase(), c).toContain("secure");
    }
    appendFileSync(files.extraSecrets, `${JSON.stringify({ kind: "session cookie (TLS app)", value: trace.session })}\n`);
    const me = await trace.context.get(`${tls.url}/api/v1/me`);
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ email, roles: ["engineer"] });
    // Behind TLS only the __Host- name is honoured: a cookie planted without the prefix
    // (by a sibling subdomain, or over plain http) names no session.
    const unprefixed = await trace.context.get(`${tls.url}/api/v1/me`, { headers: { cookie: `keyless.session=${trace.session}` } });
    expect(unprefixed.status()).toBe(401);
    await trace.context.dispose();
  });

  const escalation: Claims = {
    sub: "user-alice",
    email: "alice@example.com",
    name: "Alice Engineer",
    groups: ["engineering", "aws-admins"],
  };
  const refusals: [Scenario, string][] = [
    ["forged", "an ID token signed with another key (under the IdP's key id)"],
    ["forged-own-kid", "an ID token signed with another key (under its own key id)"],
    ["tampered", "a genuine ID token whose groups claim was edited (signature no longer verifies)"],
    ["expired", "an expired ID token"],
    ["alg-none", "an unsigned ID token (alg none)"],
    ["wrong-audience", "an ID token for another client"],
    ["wrong-issuer", "an ID token from another issuer"],
    ["wrong-nonce", "an ID token replayed from another sign-in (nonce)"],
  ];
  for (const [scenario, what] of refusals) {
    test(`${what} grants nothing`, async () => {
      const before = await fingerprint(TABLES);
      const [alice] = await query<{ groups: string[] }>("SELECT groups FROM users WHERE email = 'alice@example.com'");
      const trace = await signInWith(scenario, escalation);
      expect(trace.session, `a session cookie was set: ${trace.setCookies.join(" | ")}`).toBeUndefined();
      expect(new URL(trace.location, tls.url).pathname).toBe("/signin");
      expect(new URL(trace.location, tls.url).searchParams.get("error")).toBeTruthy();
      const me = await trace.context.get(`${tls.url}/api/v1/me`);
      expect(me.status()).toBe(401);
      await trace.context.dispose();
      expect(changedTables(before, await fingerprint(TABLES)), "users, accounts or sessions changed").toEqual([]);
      const [after] = await query<{ groups: string[] }>("SELECT groups FROM users WHERE email = 'alice@example.com'");
      expect(after?.groups).toEqual(alice?.groups);
    });
  }
});

test.describe("session cookies", () => {
  test("a tampered, unknown or expired session cookie is no session", async () => {
    const trace = await signInHeadless({ email: "mona@example.com" });
    const real = trace.session!;
    await trace.context.dispose();
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "a" ? "b" : "a") + s.slice(i + 1);
    const forgeries = [
      flip(real, real.length - 1),
      flip(real, 0),
      real.toUpperCase(),
      `${real}x`,
      real.slice(0, -1),
      randomUUID(),
      "",
      "a".repeat(600),
    ];
    for (const value of forgeries) {
      const res = await send({ method: "GET", path: "/api/v1/me", headers: { cookie: `keyless.session=${value}` } });
      expect(res.status, `cookie ${JSON.stringify(value.slice(0, 40))}`).toBe(401);
      const page = await send({ method: "GET", path: "/keys", headers: { cookie: `keyless.session=${value}` } });
      expect(page.status, "a page with a bad cookie").toBe(307);
      expect(String(page.headers.location)).toMatch(/^\/signin\?callbackUrl=/);
    }
    // The real one works until its row expires.
    expect((await send({ method: "GET", path: "/api/v1/me", headers: { cookie: `keyless.session=${real}` } })).status).toBe(200);
    await query(
      "UPDATE sessions SET expires = now() - interval '1 second' WHERE session_token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
      [real],
    );
    expect((await send({ method: "GET", path: "/api/v1/me", headers: { cookie: `keyless.session=${real}` } })).status).toBe(401);
  });
});

test.describe("bearer tokens", () => {
  test("a random, malformed, expired or revoked CLI token is a 401", async () => {
    const live = await cliSession("alice");
    const bearer = (token: string) => send({ method: "GET", path: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
    expect((await bearer(live.access_token)).status).toBe(200);
    for (const token of [
      `kl_at_${randomUUID()}`,
      randomUUID(),
      live.refresh_token,
      live.access_token.slice(0, -1),
      `${live.access_token}x`,
      "kl_at_",
      "a".repeat(4000),
    ]) {
      const res = await bearer(token);
      expect(res.status, `token ${token.slice(0, 20)}…`).toBe(401);
      expect(res.headers["www-authenticate"]).toContain("Bearer");
    }
    for (const header of [
      "Bearer",
      "Bearer  ",
      "Basic YWxpY2U6ZGVtbw==",
      `bearer ${live.access_token} extra`,
      `Token ${live.access_token}`,
    ]) {
      expect((await send({ method: "GET", path: "/api/v1/me", headers: { authorization: header } })).status, header.slice(0, 20)).toBe(401);
    }
    // Expired: the server's clock says so, whatever the token looks like.
    const expiring = await cliSession("alice");
    await query("UPDATE cli_sessions SET access_expires_at = now() - interval '1 second' WHERE id = $1", [expiring.session_id]);
    expect((await bearer(expiring.access_token)).status).toBe(401);
    // Revoked by its owner.
    expect((await api(as("alice"), "DELETE", `/api/v1/cli-sessions/${live.session_id}`)).status).toBe(204);
    expect((await bearer(live.access_token)).status).toBe(401);
  });
});
