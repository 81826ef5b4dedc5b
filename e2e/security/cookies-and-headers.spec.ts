import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import type { Caller } from "./support/api-matrix";
import { query, userIdByEmail } from "./support/db";
import { files } from "./support/env";
import { as, integration, pendingRequest } from "./support/fixtures";
import { transportProblems } from "./support/headers";
import { api, send, type Answer } from "./support/http";
import { signInHeadless } from "./support/sign-in";

// The session cookie's attributes on plain http (the TLS case: forged-tokens.spec.ts), and
// the headers every page and API answer must carry (issue 7): a strict, per-request nonce
// Content-Security-Policy on pages, HSTS, Referrer-Policy, X-Content-Type-Options. The pages
// come from the build (.next/app-path-routes-manifest.json): a new page without a sample URL
// below fails the suite.

type Ids = { integration: string; rotation: string; request: string; person: string };

const PAGES: Record<string, ((ids: Ids) => string) | { skip: string }> = {
  "/": () => "/",
  "/signin": () => "/signin",
  "/admin/accounts": () => "/admin/accounts",
  "/admin/approvals": () => "/admin/approvals",
  "/admin/people": () => "/admin/people?status=active&sort=-lastSignIn",
  "/admin/people/[id]": (ids) => `/admin/people/${ids.person}`,
  "/api-docs": () => "/api-docs",
  "/approvals": () => "/approvals",
  "/audit": () => "/audit",
  "/cli-sessions": () => "/cli-sessions",
  "/device": () => "/device?code=BCDF-GHJK",
  "/integrations": () => "/integrations",
  "/integrations/new": () => "/integrations/new",
  "/integrations/[id]": (ids) => `/integrations/${ids.integration}`,
  "/integrations/[id]/edit": (ids) => `/integrations/${ids.integration}/edit`,
  "/integrations/[id]/rotations/[rotationId]": (ids) => `/integrations/${ids.integration}/rotations/${ids.rotation}`,
  "/keys": () => "/keys",
  "/keys/burndown": () => "/keys/burndown?days=30",
  "/migrate": () => "/migrate",
  "/requests": () => "/requests",
  "/requests/new": () => "/requests/new",
  "/requests/[id]": (ids) => `/requests/${ids.request}`,
  "/_not-found": () => `/no-such-page-${randomUUID().slice(0, 8)}`,
  "/_global-error": { skip: "rendered only when the root layout itself fails" },
  "/icon.svg": { skip: "a static image route (its headers are checked with the API answers)" },
};

const CALLERS: Caller[] = ["anonymous", "alice", "mona", "adam"];
const authOf = (c: Caller) => (c === "anonymous" ? {} : as(c));
const cookieOf = (c: Caller): Record<string, string> => (c === "anonymous" ? {} : { cookie: `keyless.session=${as(c).cookie}` });

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0]!.toLowerCase(), d.slice(1)]),
  );
}

/** A page: a nonce CSP without unsafe-inline scripts, framing refused, every script tag carrying the nonce. */
function pageProblems(a: Answer): { problems: string[]; nonce?: string } {
  const problems = transportProblems(a);
  const csp = directives(String(a.headers["content-security-policy"] ?? ""));
  const script = csp.get("script-src") ?? csp.get("default-src") ?? [];
  const nonce = script.map((s) => /^'nonce-([A-Za-z0-9+/=_-]{16,})'$/.exec(s)?.[1]).find(Boolean);
  if (!nonce) problems.push(`script-src has no nonce: ${script.join(" ")}`);
  if (script.some((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'" || s === "*" || s === "http:" || s === "https:" || s === "data:"))
    problems.push(`script-src allows too much: ${script.join(" ")}`);
  if (csp.get("frame-ancestors")?.join(" ") !== "'none'") problems.push(`frame-ancestors: ${csp.get("frame-ancestors")?.join(" ")}`);
  if (csp.get("object-src")?.join(" ") !== "'none'") problems.push(`object-src: ${csp.get("object-src")?.join(" ")}`);
  if (!csp.get("base-uri")?.every((s) => s === "'self'" || s === "'none'")) problems.push(`base-uri: ${csp.get("base-uri")?.join(" ")}`);
  const scripts = [...a.text.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  const bad = scripts.filter((s) => /\bnonce="([^"]*)"/.exec(s)?.[1] !== nonce);
  if (bad.length) problems.push(`${bad.length} of ${scripts.length} script tags without the nonce: ${bad[0]?.slice(0, 120)}`);
  if (a.text.match(/\son[a-z]+="/i)) problems.push("inline event handler attribute in the HTML");
  return { problems, nonce };
}

let ids: Ids;

test.beforeAll(async () => {
  const own = await integration();
  let rotation = (await query<{ id: string }>("SELECT id FROM rotations WHERE integration_id = $1 LIMIT 1", [own.id]))[0]?.id;
  if (!rotation) {
    const started = await api(as("adam"), "POST", `/api/v1/integrations/${own.id}/rotate`);
    rotation = (JSON.parse(started.text) as { rotationId: string }).rotationId;
  }
  ids = { integration: own.id, rotation, request: await pendingRequest("alice"), person: await userIdByEmail("alice@example.com") };
});

test("every page in the build has a sample URL here", async () => {
  // API and SCIM routes answer data, not pages: their headers are checked with the API answers below.
  const built = Object.values(JSON.parse(readFileSync(files.appPaths, "utf8")) as Record<string, string>).filter(
    (p) => !p.startsWith("/api/") && !p.startsWith("/scim/"),
  );
  expect(
    built.filter((p) => !(p in PAGES)),
    "pages without a sample URL in cookies-and-headers.spec.ts",
  ).toEqual([]);
  expect(
    Object.keys(PAGES).filter((p) => !built.includes(p)),
    "sample URLs for pages that no longer exist",
  ).toEqual([]);
});

test("every page, for every caller, has a strict per-request nonce CSP, HSTS, Referrer-Policy and nosniff", async () => {
  const failures: string[] = [];
  let pages = 0;
  for (const [route, sample] of Object.entries(PAGES)) {
    if (typeof sample !== "function") continue;
    for (const caller of CALLERS) {
      const path = sample(ids);
      const first = await send({ method: "GET", path, headers: cookieOf(caller) });
      if (first.status >= 500) failures.push(`${path} as ${caller}: ${first.status}`);
      const isPage = String(first.headers["content-type"] ?? "").startsWith("text/html");
      if (!isPage) {
        // A visitor without a session is sent to sign in (proxy.ts): still no header missing.
        transportProblems(first).forEach((p) => failures.push(`${path} as ${caller} (${first.status}): ${p}`));
        continue;
      }
      pages++;
      const a = pageProblems(first);
      const b = pageProblems(await send({ method: "GET", path, headers: cookieOf(caller) }));
      a.problems.forEach((p) => failures.push(`${route} (${path}) as ${caller} (${first.status}): ${p}`));
      if (a.nonce && a.nonce === b.nonce) failures.push(`${route} as ${caller}: the same nonce twice`);
    }
  }
  console.log(`${pages} page answers checked (${Object.keys(PAGES).length} routes × ${CALLERS.length} callers)`);
  expect(pages).toBeGreaterThan(40);
  expect(failures).toEqual([]);
});

test("API answers (success, refusal, error, CSV, next-auth) carry HSTS, Referrer-Policy, nosniff and a deny-all CSP, and no Server-Timing", async () => {
  const answers: [string, Answer][] = [
    ["health", await send({ method: "GET", path: "/api/health" })],
    ["liveness", await send({ method: "GET", path: "/api/health/live" })],
    ["openapi", await send({ method: "GET", path: "/api/v1/openapi.json" })],
    ["me (401)", await send({ method: "GET", path: "/api/v1/me" })],
    ["me", await api(authOf("adam"), "GET", "/api/v1/me")],
    ["integration (404)", await api(authOf("adam"), "GET", "/api/v1/integrations/abcdefghijklmnopqrstuvwx")],
    ["integration (422)", await api(authOf("adam"), "GET", "/api/v1/integrations/..%2F..")],
    ["integrations (403)", await api(authOf("alice"), "GET", "/api/v1/integrations")],
    ["credentials (422)", await api(authOf("alice"), "POST", "/api/v1/credentials", { roleId: 5 })],
    ["keys CSV", await api(authOf("mona"), "GET", "/api/v1/keys/export")],
    ["audit CSV", await api(authOf("alice"), "GET", "/api/v1/audit/export")],
    ["icon", await send({ method: "GET", path: "/icon.svg" })],
    ["SCIM (401)", await send({ method: "GET", path: "/scim/v2/Users" })],
    [
      "SCIM",
      await send({
        method: "GET",
        path: "/scim/v2/ServiceProviderConfig",
        headers: { authorization: `Bearer ${process.env.KEYLESS_SCIM_TOKEN ?? ""}` },
      }),
    ],
  ];
  const nextAuth: [string, Answer][] = [
    ["next-auth csrf", await send({ method: "GET", path: "/api/auth/csrf" })],
    ["next-auth session", await send({ method: "GET", path: "/api/auth/session" })],
    ["next-auth providers", await send({ method: "GET", path: "/api/auth/providers" })],
    ["next-auth signin", await send({ method: "GET", path: "/api/auth/signin" })],
  ];
  const failures: string[] = [];
  for (const [what, a] of [...answers, ...nextAuth]) {
    transportProblems(a).forEach((p) => failures.push(`${what} (${a.status}): ${p}`));
    // How long each step took (KEYLESS_SERVER_TIMING) is for benchmarks, never told to clients by default.
    if (a.headers["server-timing"] !== undefined) failures.push(`${what}: Server-Timing ${String(a.headers["server-timing"])}`);
    if (what === "icon") continue;
    const csp = directives(String(a.headers["content-security-policy"] ?? ""));
    if (csp.get("default-src")?.join(" ") !== "'none'" || csp.get("frame-ancestors")?.join(" ") !== "'none'") {
      failures.push(`${what}: Content-Security-Policy ${String(a.headers["content-security-policy"])}`);
    }
  }
  expect(failures).toEqual([]);
});

test("the session cookie is HttpOnly, SameSite=Lax, host-only and lives only as long as the session", async () => {
  const trace = await signInHeadless({ email: "alice@example.com" });
  await trace.context.dispose();
  const cookie = trace.setCookies.find((c) => c.startsWith("keyless.session="));
  expect(cookie, trace.setCookies.join("\n")).toBeDefined();
  const attributes = cookie!.split(";").map((a) => a.trim().toLowerCase());
  expect(attributes).toEqual(expect.arrayContaining(["path=/", "httponly", "samesite=lax"]));
  expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
  // Plain http here: Secure would make browsers drop it (behind TLS it is __Host- and Secure).
  expect(attributes).not.toContain("secure");
  const expires = new Date(attributes.find((a) => a.startsWith("expires="))!.slice("expires=".length));
  const [row] = await query<{ expires: Date }>(
    "SELECT expires FROM sessions WHERE session_token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
    [trace.session],
  );
  expect(Math.abs(expires.getTime() - row!.expires.getTime())).toBeLessThan(2000);
  // The database keeps only the hash: the cookie value is not a column value anywhere.
  expect(await query("SELECT 1 FROM sessions WHERE session_token_hash = $1", [trace.session])).toEqual([]);
});

test("a client cannot choose the address Keyless audits and rate-limits by (X-Forwarded-For, X-Real-IP)", async () => {
  const spoofed = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
  const res = await send({
    method: "POST",
    path: "/api/v1/device/authorize",
    headers: { "content-type": "application/json", "x-forwarded-for": spoofed, "x-real-ip": spoofed },
    body: JSON.stringify({ client_name: "spoofing test" }),
  });
  expect(res.status).toBe(200);
  const [row] = await query<{ request_ip: string | null }>(
    "SELECT request_ip FROM device_authorizations WHERE client_name = 'spoofing test' ORDER BY created_at DESC LIMIT 1",
  );
  expect(row?.request_ip).not.toBe(spoofed);
  expect(row?.request_ip).toMatch(/^(127\.0\.0\.1|::1)$/);
});
