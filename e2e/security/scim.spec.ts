import { randomUUID } from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { changedTables, DOMAIN_TABLES, fingerprint, query } from "./support/db";
import { processes } from "./support/env";
import { send, type Answer } from "./support/http";

// SCIM (/scim/v2) as an attacker would try it: without the token, with a wrong one, one
// character off, or in the query string; with malformed PATCH bodies; with filters built to
// widen a lookup. Every refusal is a 4xx in SCIM's error format (never a 500, never the
// sign-in page), no lookup ever answers more than it was asked for, and the database is
// unchanged afterwards.

const TOKEN = process.env.KEYLESS_SCIM_TOKEN ?? "";
const TABLES = [...DOMAIN_TABLES, "scim_groups", "scim_group_members"];
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

type Call = { method: string; path: string; body?: string; contentType?: string | null; authorization?: string | null };

function scim(call: Call): Promise<Answer> {
  const headers: Record<string, string> = {};
  const authorization = call.authorization === undefined ? `Bearer ${TOKEN}` : call.authorization;
  if (authorization !== null) headers.authorization = authorization;
  if (call.body !== undefined && call.contentType !== null) headers["content-type"] = call.contentType ?? "application/scim+json";
  return send({ method: call.method, path: `/scim/v2${call.path}`, headers, body: call.body });
}

/**
 * Straight to the app's own port, past the recording proxy: for requests that put the real
 * token in the URL on purpose. The leak scan (leaks.spec.ts) rightly flags a secret in any
 * recorded URL; here it is the test that wrote it there, to show Keyless ignores it.
 */
function direct(method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers =
      body === undefined ? {} : { "content-type": "application/scim+json", "content-length": String(Buffer.byteLength(body)) };
    const r = http.request({ host: "127.0.0.1", port: processes().appPort, method, path: `/scim/v2${path}`, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
    });
    r.on("error", reject);
    r.end(body);
  });
}

/** A SCIM error answer: a 4xx, SCIM's content type and body, the status repeated as a string. */
function expectScimRefusal(answer: Answer, what: string, status?: number): void {
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (status) expect(answer.status, what).toBe(status);
  expect(answer.headers["content-type"], what).toBe("application/scim+json");
  const body = JSON.parse(answer.text) as { schemas: string[]; status: string; detail: string };
  expect(body.schemas, what).toEqual([ERROR]);
  expect(body.status, what).toBe(String(answer.status));
  expect(body.detail, what).toEqual(expect.any(String));
}

const target = { userId: "", groupId: "" };
const patchBody = (...Operations: unknown[]) => JSON.stringify({ schemas: [PATCH_OP], Operations });

test.beforeAll(async () => {
  const email = `scim-target-${randomUUID().slice(0, 8)}@example.com`;
  const user = await scim({ method: "POST", path: "/Users", body: JSON.stringify({ userName: email, displayName: "SCIM Target" }) });
  expect(user.status).toBe(201);
  target.userId = (JSON.parse(user.text) as { id: string }).id;
  const body = JSON.stringify({ displayName: `scim-target-${randomUUID().slice(0, 8)}`, members: [{ value: target.userId }] });
  const group = await scim({ method: "POST", path: "/Groups", body });
  expect(group.status).toBe(201);
  target.groupId = (JSON.parse(group.text) as { id: string }).id;
});

test("the token: missing, wrong, one character off, or sent anywhere but the Authorization header is a 401", async () => {
  const before = await fingerprint(TABLES);
  const lastOff = `${TOKEN.slice(0, -1)}${TOKEN.endsWith("x") ? "y" : "x"}`;
  const authorizations: [string, string | null][] = [
    ["none", null],
    ["empty", ""],
    ["scheme only", "Bearer"],
    ["wrong token", "Bearer not-the-scim-token-at-all"],
    ["last character differs", `Bearer ${lastOff}`],
    ["one character short", `Bearer ${TOKEN.slice(0, -1)}`],
    ["one character more", `Bearer ${TOKEN}x`],
    ["Basic with the token", `Basic ${Buffer.from(`scim:${TOKEN}`).toString("base64")}`],
    ["token without a scheme", TOKEN],
    ["two tokens", `Bearer ${TOKEN} ${TOKEN}`],
  ];
  const queries = [`?access_token=${TOKEN}`, `?token=${TOKEN}`, `?bearer=${TOKEN}`];
  const deactivate = patchBody({ op: "replace", value: { active: false } });
  for (const [what, authorization] of authorizations) {
    for (const call of [
      { method: "GET", path: "/Users" },
      { method: "POST", path: "/Users", body: JSON.stringify({ userName: `intruder-${randomUUID().slice(0, 6)}@example.com` }) },
      { method: "PATCH", path: `/Users/${target.userId}`, body: deactivate },
      { method: "DELETE", path: `/Groups/${target.groupId}` },
    ]) {
      const answer = await scim({ ...call, authorization });
      expectScimRefusal(answer, `${what}: ${call.method} ${call.path}`, 401);
      expect(answer.headers["www-authenticate"]).toMatch(/^Bearer realm=/);
    }
  }
  for (const q of queries) {
    const name = `token in ${q.split("=")[0]}`;
    expectScimRefusal(await direct("GET", `/Users${q}`), name, 401);
    expectScimRefusal(await direct("PATCH", `/Users/${target.userId}${q}`, deactivate), name, 401);
  }
  expect(changedTables(before, await fingerprint(TABLES))).toEqual([]);
  // The scheme is case-insensitive (RFC 6750), so this is not a refusal worth having.
  expect((await scim({ method: "GET", path: "/ServiceProviderConfig", authorization: `bearer ${TOKEN}` })).status).toBe(200);
});

test("malformed bodies are 4xx SCIM errors, never a 500, and change nothing", async () => {
  const before = await fingerprint(TABLES);
  const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
  const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
  const bodies: [string, string | undefined, string | null | undefined][] = [
    ["invalid JSON", "{not json", undefined],
    ["truncated JSON", patchBody({ op: "replace", value: { active: false } }).slice(0, -3), undefined],
    ["no body", undefined, undefined],
    ["empty body", "", undefined],
    ["JSON null", "null", undefined],
    ["an array", "[]", undefined],
    ["a string", '"replace"', undefined],
    ["wrong content type", patchBody({ op: "replace", value: { active: false } }), "text/plain"],
    ["form content type", "op=replace&path=active&value=false", "application/x-www-form-urlencoded"],
    ["no content type", patchBody({ op: "replace", value: { active: false } }), null],
    ["no schemas", JSON.stringify({ Operations: [{ op: "replace", value: { active: false } }] }), undefined],
    ["another schema", JSON.stringify({ schemas: ["urn:evil"], Operations: [{ op: "replace", value: { active: false } }] }), undefined],
    ["Operations not a list", JSON.stringify({ schemas: [PATCH_OP], Operations: { op: "replace" } }), undefined],
    ["no operations", patchBody(), undefined],
    ["operation not an object", patchBody("replace"), undefined],
    ["no op", patchBody({ path: "active", value: false }), undefined],
    ["bad op", patchBody({ op: "move", path: "active", value: false }), undefined],
    ["op not a string", patchBody({ op: 1, path: "active", value: false }), undefined],
    ["path not a string", patchBody({ op: "replace", path: ["active"], value: false }), undefined],
    ["empty path", patchBody({ op: "replace", path: "", value: false }), undefined],
    ["unknown attribute", patchBody({ op: "replace", path: "isAdmin", value: true }), undefined],
    ["unknown attribute without a path", patchBody({ op: "replace", value: { isAdmin: true } }), undefined],
    ["unclosed filter", patchBody({ op: "remove", path: 'emails[type eq "work"' }), undefined],
    ["dangling operator in a filter", patchBody({ op: "remove", path: 'emails[type eq "work" or ]' }), undefined],
    ["filter without a comparison", patchBody({ op: "remove", path: "emails[type]" }), undefined],
    ["unknown extension", patchBody({ op: "replace", path: "urn:evil:schema:isAdmin", value: true }), undefined],
    ["read-only id", patchBody({ op: "replace", path: "id", value: "someone-else" }), undefined],
    ["read-only groups", patchBody({ op: "add", path: "groups", value: [{ value: "aws-admins" }] }), undefined],
    ["active as an object", patchBody({ op: "replace", path: "active", value: { $ne: null } }), undefined],
    ["active as a word", patchBody({ op: "replace", path: "active", value: "maybe" }), undefined],
    ["userName as a number", patchBody({ op: "replace", path: "userName", value: 42 }), undefined],
    ["userName not an email", patchBody({ op: "replace", path: "userName", value: "admin" }), undefined],
    ["emails as a string", patchBody({ op: "replace", path: "emails", value: "x@example.com" }), undefined],
    ["name as a list", patchBody({ op: "replace", path: "name", value: [1, 2] }), undefined],
    ["NUL in a value", patchBody({ op: "replace", path: "displayName", value: "a\u0000b" }), undefined],
    [
      "prototype pollution",
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"replace","value":{"__proto__":{"isAdmin":true}}}]}`,
      undefined,
    ],
    ["5,000 operations", patchBody(...Array.from({ length: 5000 }, () => ({ op: "replace", path: "displayName", value: "x" }))), undefined],
    ["deeply nested list", deep(20_000), undefined],
    ["deeply nested value", patchBody({ op: "replace", path: "name", value: JSON.parse(deepObject(200)) as unknown }), undefined],
    ["a 70 KiB value", patchBody({ op: "replace", path: "displayName", value: "x".repeat(70 * 1024) }), undefined],
  ];
  for (const [what, body, contentType] of bodies) {
    expectScimRefusal(await scim({ method: "PATCH", path: `/Users/${target.userId}`, body, contentType }), `User PATCH, ${what}`);
  }
  const groupBodies: [string, string][] = [
    ["a member that does not exist", patchBody({ op: "add", path: "members", value: [{ value: "no-such-person" }] })],
    ["a member id as a number", patchBody({ op: "add", path: "members", value: [{ value: 7 }] })],
    ["a member as a string", patchBody({ op: "add", path: "members", value: "someone" })],
    ["a nested group", patchBody({ op: "add", path: "members", value: [{ value: target.userId, type: "Group" }] })],
    [
      "a removal value that widens the match",
      patchBody({ op: "remove", path: "members", value: [{ value: 'x" or value pr or value eq "y' }] }),
    ],
    ["a removal value with a backslash", patchBody({ op: "remove", path: "members", value: [{ value: "x\\" }] })],
    ["a removal key that is a filter", patchBody({ op: "remove", path: "members", value: [{ 'value pr or value eq "x"': "y" }] })],
    ["20,000 members", patchBody({ op: "add", path: "members", value: Array.from({ length: 20_000 }, (_, i) => ({ value: `u${i}` })) })],
    ["an empty displayName", patchBody({ op: "replace", path: "displayName", value: "" })],
    ["a displayName as a list", patchBody({ op: "replace", path: "displayName", value: ["a", "b"] })],
  ];
  for (const [what, body] of groupBodies) {
    expectScimRefusal(await scim({ method: "PATCH", path: `/Groups/${target.groupId}`, body }), `Group PATCH, ${what}`);
  }
  for (const [what, body] of [
    ["no userName", "{}"],
    ["an unknown attribute", JSON.stringify({ userName: `x-${randomUUID()}@example.com`, roles: [{ value: "admin" }], isAdmin: true })],
    ["a password only", JSON.stringify({ password: "hunter2" })],
  ] as const) {
    expectScimRefusal(await scim({ method: "POST", path: "/Users", body }), `User POST, ${what}`);
  }
  expect(changedTables(before, await fingerprint(TABLES))).toEqual([]);
  const [row] = await query<{ status: string }>("SELECT status::text FROM users WHERE id = $1", [target.userId]);
  expect(row?.status).toBe("active");
});

test("filters built to widen a lookup answer nothing extra, or a 400, never a 500", async () => {
  const before = await fingerprint(TABLES);
  const userFilters = [
    'userName eq "x" or userName pr',
    "userName pr",
    'userName eq "x\\" or userName pr or userName eq \\"y"',
    "userName eq \"x' OR '1'='1\"",
    'userName eq "x\'; DROP TABLE users; --"',
    'userName eq "alice@example.com\' --"',
    'userName eq "\\\\"',
    'userName eq "%"',
    'userName eq "_%"',
    'userName eq "*"',
    'userName co "@"',
    'userName sw "a"',
    'userName ne "x"',
    'not (userName eq "x")',
    '(userName eq "x") or (userName pr)',
    'userName eq "alice@example.com" or userName eq "mona@example.com"',
    'userName eq "x" and userName eq "y"',
    "emails[value pr]",
    'emails.value co "example"',
    'password eq "demo"',
    'groups.display eq "aws-admins"',
    "isAdmin eq true",
    'meta.created gt "2000-01-01T00:00:00Z"',
    'id eq "1 OR 1=1"',
    'externalId eq "\' or 1=1 --"',
    "userName eq",
    'eq "x"',
    'userName eq "x" and',
    'or userName eq "x"',
    "userName eq 'x'",
    `userName eq "${"a".repeat(900)}"`,
    `userName eq "${"a".repeat(5000)}"`,
    `${'userName eq "x" or '.repeat(60)}userName pr`,
    '((((((((((userName eq "x"))))))))))',
  ];
  for (const f of userFilters) {
    const answer = await scim({ method: "GET", path: `/Users?filter=${encodeURIComponent(f)}` });
    if (answer.status === 200) {
      const body = JSON.parse(answer.text) as { totalResults: number; Resources: unknown[] };
      expect(body, `filter ${f} matched someone`).toMatchObject({ totalResults: 0, Resources: [] });
    } else expectScimRefusal(answer, `filter ${f.slice(0, 80)}`, 400);
  }
  const groupFilters = [
    "displayName pr",
    'displayName co "a"',
    'displayName eq "x" or displayName pr',
    "members[value pr]",
    'members.value eq "%"',
  ];
  for (const f of groupFilters) {
    const answer = await scim({ method: "GET", path: `/Groups?filter=${encodeURIComponent(f)}` });
    if (answer.status === 200) expect(JSON.parse(answer.text), `group filter ${f}`).toMatchObject({ totalResults: 0 });
    else expectScimRefusal(answer, `group filter ${f}`, 400);
  }
  const nul = await scim({ method: "GET", path: `/Users?filter=${encodeURIComponent('userName eq "a\u0000b"')}` });
  expectScimRefusal(nul, "NUL in a filter", 400);
  expectScimRefusal(await scim({ method: "GET", path: "/Users?filter=%ZZ" }), "broken percent-encoding", 400);

  // The lookup IdPs make answers exactly the person asked for.
  const alice = await scim({ method: "GET", path: `/Users?filter=${encodeURIComponent('userName eq "alice@example.com"')}` });
  const found = JSON.parse(alice.text) as { totalResults: number; Resources: { userName: string }[] };
  expect(found.totalResults).toBe(1);
  expect(found.Resources.map((r) => r.userName)).toEqual(["alice@example.com"]);
  expect(changedTables(before, await fingerprint(TABLES))).toEqual([]);
});
