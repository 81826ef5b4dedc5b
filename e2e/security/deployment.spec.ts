import https from "node:https";
import { appendFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { query } from "./support/db";
import { files } from "./support/env";
import { OidcAttacker } from "./support/oidc-attacker";
import { signInHeadless } from "./support/sign-in";
import { startTlsApp, type TlsApp } from "./support/tls-app";

// The configuration people deploy with: behind a load balancer that appends the client's
// address to X-Forwarded-For (KEYLESS_TRUST_PROXY=true), and browser sessions with a fixed
// end. A second instance of the built app behind support/tls-app.ts's terminator, which
// appends each client's address as a real proxy does; the clients connect from addresses
// of their own on the loopback network (127.0.0.2, .3, …) so that each has an address to be
// known by. Sign-in goes through the test IdP of forged-tokens.spec.ts (a real OIDC flow
// whose ID tokens the instance verifies against that IdP's keys).

const LIFETIME_SECONDS = 45;
const attacker = new OidcAttacker();
let tls: TlsApp;

type Reply = { status: number; text: string };

/** A request to the TLS app from `from` (a loopback address), with the headers given. */
function fromAddress(from: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  const url = new URL(path, tls.url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port: url.port,
        localAddress: from,
        servername: "localhost",
        rejectUnauthorized: false,
        method,
        path: url.pathname + url.search,
        headers: { host: url.host, ...headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const counterKeys = async (prefix: string) =>
  (await query<{ key: string }>("SELECT key FROM rate_limit_counters WHERE key LIKE $1 ORDER BY key", [`${prefix}%`])).map((r) => r.key);

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await attacker.start(process.env.OIDC_ISSUER ?? "");
  tls = await startTlsApp(
    {
      OIDC_ISSUER: attacker.issuer,
      OIDC_CLIENT_ID: "keyless",
      OIDC_CLIENT_SECRET: "attacker-does-not-check",
      KEYLESS_TRUST_PROXY: "true",
      KEYLESS_SESSION_MAX_AGE_HOURS: String(LIFETIME_SECONDS / 3600),
    },
    { forwardFor: true },
  );
});

test.afterAll(async () => {
  await tls?.stop();
  await attacker.stop();
  for (const token of attacker.issued)
    appendFileSync(files.extraSecrets, `${JSON.stringify({ kind: "oidc token (deployment spec IdP)", value: token })}\n`);
});

test.describe("behind a proxy (KEYLESS_TRUST_PROXY=true)", () => {
  test("the audit log records the client's address, not one the client wrote into X-Forwarded-For", async () => {
    const [{ max } = { max: "0" }] = await query<{ max: string }>("SELECT coalesce(max(id), 0)::text AS max FROM audit_events");
    const clients = ["127.0.0.2", "127.0.0.3"];
    for (const from of clients) {
      // A SCIM call with a wrong token is refused and audited (scim.auth_denied) with the caller's address.
      const spoofed = await fromAddress(from, "GET", "/scim/v2/Users", {
        authorization: "Bearer wrong",
        "x-forwarded-for": "203.0.113.66",
      });
      expect(spoofed.status, spoofed.text).toBe(401);
    }
    const rows = await query<{ ip: string | null }>(
      "SELECT ip FROM audit_events WHERE id > $1 AND action = 'scim.auth_denied' ORDER BY id",
      [max],
    );
    expect(rows.map((r) => r.ip)).toEqual(clients);
  });

  test("per-address rate limits key on the client's address, whatever X-Forwarded-For the client sends", async () => {
    const body = JSON.stringify({ client_name: "deployment spec" });
    const headers = { "content-type": "application/json", accept: "application/json" };
    const before = await counterKeys("device:authorize:ip:");
    // The same client, with and without a spoofed header, then another client.
    for (const [from, xff] of [
      ["127.0.0.4", undefined],
      ["127.0.0.4", "198.51.100.9"],
      ["127.0.0.4", "127.0.0.5, 198.51.100.10"],
      ["127.0.0.5", undefined],
    ] as const) {
      const answer = await fromAddress(
        from,
        "POST",
        "/api/v1/device/authorize",
        xff ? { ...headers, "x-forwarded-for": xff } : headers,
        body,
      );
      expect(answer.status, answer.text).toBe(200);
    }
    const after = await counterKeys("device:authorize:ip:");
    expect(after).toEqual(expect.arrayContaining(["device:authorize:ip:127.0.0.4", "device:authorize:ip:127.0.0.5"]));
    // Nothing keyed on an address only the client wrote, and no key besides the two clients' appeared.
    expect(after.filter((k) => !before.includes(k) && !/127\.0\.0\.[45]$/.test(k))).toEqual([]);
    expect(await counterKeys("device:authorize:ip:198.51.100.")).toEqual([]);
  });
});

test.describe("browser sessions", () => {
  test(`end ${LIFETIME_SECONDS} s after sign-in however much they are used`, async () => {
    test.setTimeout(180_000);
    const email = `lifetime-${randomUUID().slice(0, 8)}@example.com`;
    attacker.expect("valid", { sub: `lifetime-${randomUUID()}`, email, name: "Lifetime Person", groups: ["engineering"] });
    const signedInAt = Date.now();
    const trace = await signInHeadless({ baseUrl: tls.url, ignoreHTTPSErrors: true });
    expect(trace.session, trace.setCookies.join("\n")).toBeDefined();
    appendFileSync(files.extraSecrets, `${JSON.stringify({ kind: "session cookie (deployment spec)", value: trace.session })}\n`);
    const [row] = await query<{ expires: Date }>("SELECT s.expires FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1", [
      email,
    ]);
    expect(row).toBeDefined();
    const end = row!.expires.getTime();
    expect(Math.abs(end - signedInAt - LIFETIME_SECONDS * 1000)).toBeLessThan(10_000);
    const me = () => trace.context.get(`${tls.url}/api/v1/me`).then((r) => r.status());
    // Used every two seconds until just before the end: it works, and its end never moves.
    while (Date.now() < end - 4000) {
      expect(await me()).toBe(200);
      await new Promise((r) => setTimeout(r, 2000));
    }
    const [still] = await query<{ expires: Date }>("SELECT s.expires FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1", [
      email,
    ]);
    expect(still?.expires.getTime()).toBe(end);
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now()) + 1500));
    expect(await me()).toBe(401);
    const page = await trace.context.get(`${tls.url}/`, { maxRedirects: 0 });
    expect(page.status()).toBeGreaterThanOrEqual(300);
    expect(page.status()).toBeLessThan(400);
    expect(page.headers().location ?? "").toMatch(/\/signin/);
    await trace.context.dispose();
  });
});
