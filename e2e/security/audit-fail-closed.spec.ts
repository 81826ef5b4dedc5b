import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ACTION_MATRIX } from "./support/action-matrix";
import { callAction, findAction, type ActionOutcome } from "./support/actions";
import { API_MATRIX, CALLERS, type Caller } from "./support/api-matrix";
import { changedTables, DOMAIN_TABLES, fingerprint, query } from "./support/db";
import { files } from "./support/env";
import { as, deviceCode, quiesce } from "./support/fixtures";
import { api, isProblem, send, type Answer } from "./support/http";
import { accessOf, expectedStatus, loadMatrixContext, may, opKeys, UNSAFE_METHODS, type MatrixContext } from "./support/matrix";
import { prepareMatrixCells } from "./support/matrix-setup";
import { allowAuditWrites as allowAudit, refuseAuditWrites as refuseAudit } from "../../test/support/refuse-audit";

// The audit log fails closed for every state-changing operation, not a hand-picked few:
// the list comes from the OpenAPI document (every POST/PUT/PATCH/DELETE operation), the
// route list (SCIM and the routes outside the document) and the build's server actions.
// Each is sent as a caller allowed to make it, with the request the access matrix builds,
// while the database refuses every new audit entry (a trigger that raises, as a full disk
// or a revoked grant would). Each must answer 503 problem+json (an action: its error
// result naming the audit log), and change nothing. An operation or action the matrices
// have no entry for fails access-matrix.spec.ts; one that changes state without an audit
// entry fails here, unless NOT_AUDITED says why.

const AUDIT_REFUSED = /audit log could not record/i;

/** State-changing calls that write no audit entry by design, and why. */
const NOT_AUDITED: Record<string, string> = {
  "POST /api/v1/device/authorize":
    "an anonymous CLI asks for a sign-in code; nothing is granted until a person approves it (cli.device.approve, audited)",
  // The same operation's refresh_token grant rotates a CLI session's tokens without an entry
  // (the session's creation and a reuse are audited); its device_code grant is checked here.
};

/** Server actions that change nothing the log records, or must work without it, and why. */
const ACTIONS_NOT_AUDITED: Record<string, string> = {
  "app/(auth)/signin/actions.ts#signInAction": "starts the OIDC redirect; nothing is stored until the IdP's callback (auth.sign_in)",
  "app/(dashboard)/actions.ts#signOutAction":
    "signing out always works: a session must end even when the log cannot record it (auth.sign_out: e2e/audit-sign-in.spec.ts)",
  "app/(dashboard)/audit/actions.ts#verifyChainAction": "reads the log and changes nothing",
};

/** Unsafe routes outside the OpenAPI document, and where their audit is tested instead. */
const OUTSIDE_THE_DOCUMENT: Record<string, string> = {
  "/api/auth/{nextauth}": "next-auth's sign-in and sign-out: signing out must work whatever the audit log does (e2e/audit-sign-in.spec.ts)",
  "/api/slack/interactions": "Slack's clicks call the same decision code as POST /api/v1/access-requests/{id}/approve|deny (below)",
  "/api/metrics": "read-only",
  "/api/v1/{path}": "the catch-all 404",
};

const owner = (text: string) => query(text);
const refuseAuditWrites = () => refuseAudit(owner, "security");
const allowAuditWrites = () => allowAudit(owner, "security");

/**
 * Background work that acts on the clock, not on a request: an entry of theirs written just
 * after the refusal ends is not the call's (a grant from an earlier test ending, a key's grace
 * period running out). Anything else new in the log is the call's, and fails the cell.
 */
const CLOCK_DRIVEN_ACTORS: Record<string, string> = {
  "system:approvals-expiry": "requests past their deadline and grants past their end, every minute",
  "system:idp-refresh": "signed-in people's groups re-read from the IdP, every minute",
  "system:rotation-schedule": "integrations whose rotation is due, every two minutes",
  "system:rotation": "the steps of a scheduled rotation (a call's own rotation also shows in the rotations table)",
  "system:inventory-scheduler": "the scheduled inventory sync",
  "system:weekly-summary": "the weekly key summary",
  "system:key-retirement": "a retired key deleted when its grace period ends",
  "system:aws-revocations": "revocation policies re-applied or pruned every five minutes",
};

/** The newest entry's id, and the entries after it not written by clock-driven work. */
const lastAuditId = async () => (await query<{ id: string | null }>("SELECT max(id)::text AS id FROM audit_events"))[0]?.id ?? "0";
const auditEntriesAfter = async (id: string) =>
  (
    await query<{ action: string; actor: string | null }>(
      `SELECT action, actor_email AS actor FROM audit_events
        WHERE id > $1::bigint AND coalesce(actor_email, '') <> ALL ($2::text[]) ORDER BY id`,
      [id, Object.keys(CLOCK_DRIVEN_ACTORS)],
    )
  ).map((e) => `${e.action} by ${e.actor ?? "nobody"}`);

/** Runs `call` with audit writes refused; returns what changed in the domain tables and the log. */
async function whileAuditRefused<T>(tables: readonly string[], call: () => Promise<T>): Promise<{ result: T; changed: string[] }> {
  const before = await fingerprint(tables);
  const lastEntry = await lastAuditId();
  await refuseAuditWrites();
  let result: T;
  try {
    result = await call();
  } finally {
    await allowAuditWrites();
  }
  const changed = changedTables(before, await fingerprint(tables));
  const entries = await auditEntriesAfter(lastEntry);
  if (entries.length) changed.push(`audit_events (${entries.join(", ")})`);
  return { result, changed };
}

let ctx: MatrixContext;
const firstAllowed = (ok: (caller: Caller) => boolean): Caller | undefined =>
  (["adam", "mona", "alice", "anonymous"] as const).find((c) => CALLERS.includes(c) && ok(c));

test.beforeAll(async () => {
  test.setTimeout(300_000);
  await allowAuditWrites();
  ctx = await loadMatrixContext();
  await prepareMatrixCells();
});

test.afterAll(async () => {
  await allowAuditWrites();
});

test("every state-changing API operation answers 503 problem+json and changes nothing while the audit log refuses writes", async () => {
  test.setTimeout(600_000);
  const unsafe = opKeys(ctx.doc).filter((k) => UNSAFE_METHODS.has(k.split(" ")[0]!));
  const listed = [...readFileSync(files.routeList, "utf8").matchAll(/file: "app(\/api\/[^"]+)\/route\.ts"/g)].map((m) =>
    m[1]!.replace(/\[\[?\.\.\.(\w+)\]?\]/g, "{$1}").replace(/\[(\w+)\]/g, "{$1}"),
  );
  const undocumented = listed.filter((p) => !(p in ctx.doc.paths) && !(p in OUTSIDE_THE_DOCUMENT));
  expect(undocumented, "routes outside the OpenAPI document with no word on their audit").toEqual([]);
  const failures: string[] = [];
  let checked = 0;
  await quiesce();
  for (const key of unsafe) {
    if (key in NOT_AUDITED) continue;
    const entry = API_MATRIX[key];
    if (!entry) {
      failures.push(`${key}: no access-matrix entry to build the request from`);
      continue;
    }
    // The token endpoint answers 400 (authorization_pending) to the matrix's unapproved code: its success is built below.
    const caller = firstAllowed((c) => {
      const s = expectedStatus(ctx, key, entry, c);
      return (s >= 200 && s < 300) || key === "POST /api/v1/device/token";
    });
    if (!caller) {
      failures.push(`${key}: no caller may make it`);
      continue;
    }
    const req = key === "POST /api/v1/device/token" ? await approvedDeviceCode() : await entry.build(caller);
    const [method] = key.split(" ") as [string];
    await quiesce();
    const { result: answer, changed } = await whileAuditRefused(entry.tables ?? DOMAIN_TABLES, () =>
      api(req.auth ?? (caller === "anonymous" ? {} : as(caller)), method, req.path, req.body),
    );
    checked++;
    const problems = apiProblems(answer);
    if (changed.length) problems.push(`changed ${changed.join(", ")}`);
    if (problems.length) failures.push(`${key} as ${caller}: ${problems.join("; ")}`);
  }
  console.log(`${checked} state-changing API operations checked with the audit log refusing writes`);
  expect(failures).toEqual([]);
  expect(checked).toBe(unsafe.length - Object.keys(NOT_AUDITED).length);
  expect(checked).toBeGreaterThanOrEqual(20);
});

/** The token request of a CLI sign-in approved on /device: it creates the CLI session (cli.session.create). */
async function approvedDeviceCode() {
  const start = await deviceCode();
  const approved = await callAction(findAction("app/(dashboard)/device/actions.ts", "approveDeviceAction"), as("alice"), {
    code: start.user_code,
  });
  expect(approved.result, JSON.stringify(approved)).toMatchObject({ ok: true });
  return {
    path: "/api/v1/device/token",
    body: { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: start.device_code },
    auth: {},
  };
}

function apiProblems(answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status !== 503) problems.push(`got ${answer.status}: ${answer.text.slice(0, 200)}`);
  else if (!isProblem(answer)) problems.push("the 503 is not problem+json");
  else if (!AUDIT_REFUSED.test(answer.text)) problems.push(`the 503 does not name the audit log: ${answer.text.slice(0, 200)}`);
  if (/secretAccessKey|sessionToken/.test(answer.text)) problems.push("credentials in the answer");
  return problems;
}

test("every server action returns its error result and changes nothing while the audit log refuses writes", async () => {
  test.setTimeout(600_000);
  const failures: string[] = [];
  let checked = 0;
  const keys = Object.keys(ACTION_MATRIX);
  for (const key of keys) {
    if (key in ACTIONS_NOT_AUDITED) continue;
    const entry = ACTION_MATRIX[key]!;
    const caller = firstAllowed((c) => may(ctx, c, accessOf(ctx, key)) && !entry.special?.[c]);
    if (!caller) {
      failures.push(`${key}: no caller may call it`);
      continue;
    }
    const [filename, name] = key.split("#") as [string, string];
    const cell = await entry.build(caller);
    const auth = cell.auth ?? (caller === "anonymous" ? { cookie: randomUUID() } : as(caller));
    await quiesce();
    const { result: outcome, changed } = await whileAuditRefused(entry.tables ?? DOMAIN_TABLES, () =>
      callAction(findAction(filename, name), auth, cell.fields, { shape: entry.shape }),
    );
    checked++;
    const problems = actionProblems(outcome);
    if (changed.length) problems.push(`changed ${changed.join(", ")}`);
    if (problems.length) failures.push(`${key} as ${caller}: ${problems.join("; ")}`);
  }
  console.log(`${checked} server actions checked with the audit log refusing writes`);
  expect(failures).toEqual([]);
  expect(checked).toBe(keys.length - Object.keys(ACTIONS_NOT_AUDITED).filter((k) => keys.includes(k)).length);
  expect(checked).toBeGreaterThanOrEqual(20);
});

function actionProblems(o: ActionOutcome): string[] {
  const r = o.result as { ok?: unknown; error?: unknown } | undefined;
  if (r?.ok === false && typeof r.error === "string" && AUDIT_REFUSED.test(r.error)) return [];
  const what = o.redirect
    ? `→ ${o.redirect}`
    : r !== undefined
      ? JSON.stringify(r).slice(0, 200)
      : `${o.status} ${o.answer.text.slice(0, 120)}`;
  return [`expected the audit log's refusal, got ${what}`];
}

test("every state-changing SCIM call answers 503 and changes nothing while the audit log refuses writes", async () => {
  const token = process.env.KEYLESS_SCIM_TOKEN ?? "";
  expect(token, "the test sandbox sets KEYLESS_SCIM_TOKEN").not.toBe("");
  const scim = (method: string, path: string, body?: unknown) =>
    send({
      method,
      path: `/scim/v2${path}`,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/scim+json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const user = (email: string) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: email,
    emails: [{ primary: true, value: email }],
    externalId: `ext-${randomUUID().slice(0, 8)}`,
    active: true,
  });
  const group = (members: string[]) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: `fail-closed-${randomUUID().slice(0, 8)}`,
    members: members.map((value) => ({ value })),
  });
  const patch = (op: Record<string, unknown>) => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [op] });
  const made = await scim("POST", "/Users", user(`fail-closed-${randomUUID().slice(0, 8)}@example.com`));
  expect(made.status, made.text).toBe(201);
  const userId = (JSON.parse(made.text) as { id: string }).id;
  const madeGroup = await scim("POST", "/Groups", group([userId]));
  expect(madeGroup.status, madeGroup.text).toBe(201);
  const groupId = (JSON.parse(madeGroup.text) as { id: string }).id;

  const calls: [string, string, unknown?][] = [
    ["POST", "/Users", user(`fail-closed-${randomUUID().slice(0, 8)}@example.com`)],
    ["PUT", `/Users/${userId}`, { ...user(`fail-closed-${randomUUID().slice(0, 8)}@example.com`), id: userId }],
    ["PATCH", `/Users/${userId}`, patch({ op: "replace", path: "active", value: false })],
    ["DELETE", `/Users/${userId}`],
    ["POST", "/Groups", group([userId])],
    ["PUT", `/Groups/${groupId}`, { ...group([]), id: groupId }],
    ["PATCH", `/Groups/${groupId}`, patch({ op: "remove", path: "members" })],
    ["DELETE", `/Groups/${groupId}`],
  ];
  // Every unsafe method a SCIM route file exports is among the calls.
  const exported = ["Users/route.ts", "Users/[id]/route.ts", "Groups/route.ts", "Groups/[id]/route.ts"].flatMap((f) =>
    [...readFileSync(`app/scim/v2/${f}`, "utf8").matchAll(/export const (POST|PUT|PATCH|DELETE) = (?!methodNotAllowed)/g)].map(
      (m) => `${m[1]} ${f.includes("[id]") ? "one" : "collection"} ${f.split("/")[0]}`,
    ),
  );
  const covered = calls.map(([m, p]) => `${m} ${p.split("/").length > 2 ? "one" : "collection"} ${p.split("/")[1]}`);
  expect(
    exported.filter((e) => !covered.includes(e)),
    "SCIM operations this test does not send",
  ).toEqual([]);

  const failures: string[] = [];
  for (const [method, path, body] of calls) {
    const { result: answer, changed } = await whileAuditRefused(DOMAIN_TABLES, () => scim(method, path, body));
    const problems: string[] = [];
    if (answer.status !== 503) problems.push(`got ${answer.status}: ${answer.text.slice(0, 200)}`);
    if (changed.length) problems.push(`changed ${changed.join(", ")}`);
    if (problems.length) failures.push(`${method} /scim/v2${path}: ${problems.join("; ")}`);
  }
  console.log(`${calls.length} SCIM calls checked with the audit log refusing writes`);
  expect(failures).toEqual([]);
});
