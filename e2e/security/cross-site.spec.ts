import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ACTION_MATRIX, knownIntegration, useFreshSessions } from "./support/action-matrix";
import { callAction, findAction } from "./support/actions";
import { API_MATRIX, known, latest, type Caller } from "./support/api-matrix";
import { changedTables, DOMAIN_TABLES, fingerprint, roleIdByName } from "./support/db";
import { appOrigin, appUrl } from "./support/env";
import { as, integration, quiesce } from "./support/fixtures";
import { api, isProblem, json, send } from "./support/http";
import { accessOf, expectedStatus, loadMatrixContext, may, opKeys, UNSAFE_METHODS, type MatrixContext } from "./support/matrix";
import { signInHeadless } from "./support/sign-in";
import { USERS } from "../users";

// Cross-site request forgery and open redirects (issue 7). A browser attaches the session
// cookie to requests other sites make it send; a state change must come from the app's own
// origin. A link that sends people through sign-in must not send them elsewhere afterwards.

let ctx: MatrixContext;

test.beforeAll(async () => {
  ctx = await loadMatrixContext();
  const own = await integration();
  known.integrationId = own.id;
  knownIntegration.id = own.id;
  known.rotationId = (await latest("rotation")) ?? "";
  known.syncId = (await latest("sync")) ?? "";
  useFreshSessions(async (user) => {
    const trace = await signInHeadless({ email: USERS[user].email });
    await trace.context.dispose();
    return trace.session ?? "";
  });
  await quiesce();
});

/** The first person whose request would succeed: the refusal must be about the origin only. */
function allowedCaller(key: string): Caller | undefined {
  return (["adam", "mona", "alice"] as const).find((c) => expectedStatus(ctx, key, API_MATRIX[key]!, c) < 300);
}

const CROSS_SITE: { name: string; headers: Record<string, string> }[] = [
  { name: "Origin: https://evil.example", headers: { origin: "https://evil.example" } },
  { name: "Origin: null (sandboxed frame, data: URL)", headers: { origin: "null" } },
  { name: "Origin: the app's host on another scheme", headers: { origin: appOrigin.replace(/^http:/, "https:") } },
  { name: "no Origin, Sec-Fetch-Site: cross-site", headers: { "sec-fetch-site": "cross-site" } },
  { name: "no Origin, Sec-Fetch-Site: same-site", headers: { "sec-fetch-site": "same-site" } },
  { name: "no Origin, no Sec-Fetch-Site", headers: {} },
];

test("cookie-authenticated API state changes from another origin are refused (403) and change nothing", async () => {
  const failures: string[] = [];
  let checked = 0;
  let operations = 0;
  const keys = opKeys(ctx.doc).filter((k) => UNSAFE_METHODS.has(k.split(" ")[0]!));
  for (const key of keys) {
    const caller = allowedCaller(key);
    if (!caller || caller === "anonymous") continue; // public operations act for nobody
    operations++;
    const [method] = key.split(" ") as [string];
    // One request, refused every way (a refusal leaves its fixture usable for the next).
    const req = await API_MATRIX[key]!.build(caller);
    for (const variant of CROSS_SITE) {
      const before = await fingerprint(API_MATRIX[key]!.tables ?? DOMAIN_TABLES);
      const answer = await send({
        method,
        path: req.path,
        headers: { cookie: `keyless.session=${as(caller).cookie}`, "content-type": "application/json", ...variant.headers },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      });
      checked++;
      const changed = changedTables(before, await fingerprint(API_MATRIX[key]!.tables ?? DOMAIN_TABLES));
      if (answer.status !== 403 || !isProblem(answer) || !answer.text.includes("Cross-site"))
        failures.push(`${key} as ${caller}, ${variant.name}: ${answer.status} ${answer.text.slice(0, 120)}`);
      if (changed.length) failures.push(`${key} as ${caller}, ${variant.name}: database changed (${changed.join(", ")})`);
    }
  }
  console.log(`${checked} cross-site API requests (${operations} state-changing operations × ${CROSS_SITE.length} kinds of origin)`);
  // Not vacuous: every state-changing operation someone may call was tried every way.
  expect(operations).toBeGreaterThanOrEqual(20);
  expect(checked).toBe(operations * CROSS_SITE.length);
  expect(failures).toEqual([]);
  // The control: the same kind of request from the app's own page goes through.
  const ok = await api(as("alice"), "POST", "/api/v1/access-requests", {
    kind: "ROLE_ACCESS",
    roleId: await roleIdByName("ProductionDeploy"),
    durationSeconds: 3600,
    justification: `Cross-site control ${randomUUID()}`,
  });
  expect(ok.status).toBe(201);
});

test("a CLI token is not a browser's: it works from anywhere, with its owner's permissions only", async () => {
  const { cliSession } = await import("./support/fixtures");
  const { access_token } = await cliSession("alice");
  const me = await send({
    method: "GET",
    path: "/api/v1/me",
    headers: { authorization: `Bearer ${access_token}`, origin: "https://evil.example" },
  });
  expect(me.status).toBe(200);
  const sync = await send({
    method: "POST",
    path: "/api/v1/inventory/sync",
    headers: { authorization: `Bearer ${access_token}`, origin: "https://evil.example" },
  });
  expect(sync.status).toBe(403);
  expect(json<{ detail: string }>(sync).detail).toContain("inventory.sync");
});

test("server actions from another origin are refused and change nothing", async () => {
  const failures: string[] = [];
  let checked = 0;
  let actions = 0;
  for (const [key, entry] of Object.entries(ACTION_MATRIX)) {
    if (entry.last) continue;
    const caller = (["adam", "mona", "alice", "anonymous"] as Caller[]).find((c) => may(ctx, c, accessOf(ctx, key)) && !entry.special?.[c]);
    if (!caller) continue;
    actions++;
    const [filename, name] = key.split("#") as [string, string];
    const cell = await entry.build(caller);
    for (const variant of CROSS_SITE.slice(0, 5)) {
      const before = await fingerprint(entry.tables ?? DOMAIN_TABLES);
      const auth = cell.auth ?? (caller === "anonymous" ? {} : as(caller));
      const outcome = await callAction(findAction(filename, name), auth, cell.fields, {
        shape: entry.shape,
        origin: variant.headers.origin ?? null,
        headers: variant.headers["sec-fetch-site"] ? { "sec-fetch-site": variant.headers["sec-fetch-site"] } : {},
      });
      checked++;
      const changed = changedTables(before, await fingerprint(entry.tables ?? DOMAIN_TABLES));
      if (outcome.status !== 403 || !isProblem(outcome.answer))
        failures.push(`${key} as ${caller}, ${variant.name}: ${outcome.status} ${outcome.answer.text.slice(0, 120)}`);
      if (changed.length) failures.push(`${key} as ${caller}, ${variant.name}: database changed (${changed.join(", ")})`);
    }
  }
  console.log(`${checked} cross-site server action calls (${actions} actions × 5 kinds of origin)`);
  expect(actions).toBeGreaterThanOrEqual(20);
  expect(checked).toBe(actions * 5);
  expect(failures).toEqual([]);
});

test("next-auth's sign-out needs its CSRF token: a cross-site POST does not end the session", async () => {
  const trace = await signInHeadless({ email: "mona@example.com" });
  const cookie = `keyless.session=${trace.session}`;
  await trace.context.dispose();
  const forged = await send({
    method: "POST",
    path: "/api/auth/signout",
    headers: { cookie, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    body: "callbackUrl=https%3A%2F%2Fevil.example",
  });
  expect(forged.status).toBeLessThan(500);
  expect(new URL(String(forged.headers.location ?? "/"), appUrl).origin).toBe(appOrigin);
  expect((await send({ method: "GET", path: "/api/v1/me", headers: { cookie } })).status).toBe(200);
});

// ── Open redirects ─────────────────────────────────────────────────────────────────────

const EVIL = [
  "https://evil.example/phish",
  "HTTPS://EVIL.EXAMPLE/phish",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "https:evil.example",
  "https:/evil.example",
  " //evil.example",
  "/\t/evil.example",
  "%2F%2Fevil.example",
  "%2f%2fevil.example%2f",
  "http://localhost@evil.example",
  `${appOrigin}@evil.example`,
  `${appOrigin}.evil.example`,
  "javascript:alert(document.domain)",
  "data:text/html,<script>alert(1)</script>",
];

/** Where a browser would end up: the value resolved against the page it came from. */
function landsOnApp(value: string | undefined | null): boolean {
  if (!value) return true;
  try {
    const u = new URL(value, appUrl);
    return u.origin === appOrigin && (u.protocol === "http:" || u.protocol === "https:");
  } catch {
    return true; // a browser cannot follow it either
  }
}

const cookieValue = (setCookies: string[], name: RegExp) => {
  const c = setCookies.find((s) => name.test(s.split("=")[0] ?? ""));
  return c ? decodeURIComponent(c.slice(c.indexOf("=") + 1).split(";")[0] ?? "") : undefined;
};
const setCookiesOf = (h: Record<string, string | string[] | undefined>) => {
  const v = h["set-cookie"];
  return Array.isArray(v) ? v : v ? [v] : [];
};

test("callbackUrl to another origin is refused by the sign-in page, next-auth's endpoints and the sign-in action", async () => {
  const failures: string[] = [];
  const csrfAnswer = await send({ method: "GET", path: "/api/auth/csrf" });
  const csrfToken = json<{ csrfToken: string }>(csrfAnswer).csrfToken;
  const csrfSet = setCookiesOf(csrfAnswer.headers)
    .map((c) => c.split(";")[0])
    .join("; ");
  for (const evil of EVIL) {
    const q = encodeURIComponent(evil);
    const check = (where: string, value: string | undefined | null) => {
      if (!landsOnApp(value)) failures.push(`${where} with ${JSON.stringify(evil)} → ${value}`);
    };
    // The sign-in page: the form carries a safe path, and a signed-in visitor is sent on to it.
    const page = await send({ method: "GET", path: `/signin?callbackUrl=${q}` });
    const hidden = /name="callbackUrl" value="([^"]*)"/.exec(page.text)?.[1]?.replace(/&amp;/g, "&");
    if (page.status !== 200 || hidden === undefined) failures.push(`/signin with ${JSON.stringify(evil)}: ${page.status}, no form`);
    check("/signin form", hidden);
    const signedIn = await send({
      method: "GET",
      path: `/signin?callbackUrl=${q}`,
      headers: { cookie: `keyless.session=${as("adam").cookie}` },
    });
    check("/signin when signed in", String(signedIn.headers.location ?? ""));
    // next-auth's own endpoints: the redirect callback (lib/auth/callback-url.ts) sanitises.
    const nextAuthSignin = await send({ method: "GET", path: `/api/auth/signin?callbackUrl=${q}` });
    const loc = String(nextAuthSignin.headers.location ?? "");
    check("/api/auth/signin", loc);
    check("/api/auth/signin (its callbackUrl)", new URL(loc || "/", appUrl).searchParams.get("callbackUrl"));
    check("/api/auth/signin (callback-url cookie)", cookieValue(setCookiesOf(nextAuthSignin.headers), /callback-url$/));
    const post = await send({
      method: "POST",
      path: "/api/auth/signin/oidc",
      headers: { cookie: csrfSet, "content-type": "application/x-www-form-urlencoded" },
      body: `csrfToken=${encodeURIComponent(csrfToken)}&callbackUrl=${q}`,
    });
    check("POST /api/auth/signin/oidc (callback-url cookie)", cookieValue(setCookiesOf(post.headers), /callback-url$/));
    const callback = await send({
      method: "GET",
      path: `/api/auth/callback/oidc?code=x&state=y&callbackUrl=${q}`,
      headers: { cookie: `authjs.callback-url=${q}` },
    });
    check("/api/auth/callback/oidc", String(callback.headers.location ?? ""));
    const signout = await send({
      method: "POST",
      path: "/api/auth/signout",
      headers: { cookie: csrfSet, "content-type": "application/x-www-form-urlencoded", origin: appOrigin },
      body: `csrfToken=${encodeURIComponent(csrfToken)}&callbackUrl=${q}`,
    });
    check("POST /api/auth/signout", String(signout.headers.location ?? ""));
    // The sign-in form's server action.
    const action = await callAction(
      findAction("app/(auth)/signin/actions.ts", "signInAction"),
      {},
      { callbackUrl: evil },
      { shape: "form" },
    );
    check("signInAction (callback-url cookie)", cookieValue(setCookiesOf(action.answer.headers), /callback-url$/));
    if (!action.redirect?.includes("/auth?"))
      failures.push(`signInAction with ${JSON.stringify(evil)} did not go to the IdP: ${action.status}`);
  }
  console.log(`${EVIL.length} hostile callbackUrl values × 9 places`);
  expect(failures).toEqual([]);
});

test("a full sign-in through the IdP with a hostile callbackUrl lands on the app", async () => {
  for (const evil of ["https://evil.example/phish", "//evil.example", "/\\evil.example"]) {
    const trace = await signInHeadless({ email: "alice@example.com", callbackUrl: evil });
    await trace.context.dispose();
    expect(trace.session, `signed in with ${evil}`).toBeTruthy();
    expect(landsOnApp(trace.location), `${evil} → ${trace.location}`).toBe(true);
  }
  // The control: a same-origin path is honoured.
  const trace = await signInHeadless({ email: "alice@example.com", callbackUrl: "/audit?outcome=success" });
  await trace.context.dispose();
  expect(new URL(trace.location, appUrl).pathname + new URL(trace.location, appUrl).search).toBe("/audit?outcome=success");
});
