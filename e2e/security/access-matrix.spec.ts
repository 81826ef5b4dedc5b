import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "../sign-in";
import { storageFor, USERS, type DemoUser } from "../users";
import { ACTION_MATRIX, REGISTERED_ACTIONS, type ActionEntry } from "./support/action-matrix";
import { callAction, findAction, serverActions, type ActionOutcome } from "./support/actions";
import { API_MATRIX, CALLERS, METRICS_MATRIX, UNDOCUMENTED_ROUTES, type Caller, type Req } from "./support/api-matrix";
import { changedTables, DOMAIN_TABLES, fingerprint } from "./support/db";
import { accessOf, expectedStatus, loadMatrixContext, may, opKeys as allOps, type MatrixContext } from "./support/matrix";
import { appOrigin, appUrl, files } from "./support/env";
import { as, cliSession, quiesce } from "./support/fixtures";
import { api, isProblem, send, sessionOf, type Answer, type Auth } from "./support/http";
import { prepareMatrixCells } from "./support/matrix-setup";
import { requestStatus, slackFixture, SLACK_MATRIX } from "./support/slack-matrix";

// The access matrix (issue 7): every /api operation and every server action in the build ×
// {anonymous, engineer (alice), manager (mona), admin (adam), a person acting on someone
// else's request or resource}. The expected answer of each cell comes from the rule book
// written by hand (docs/permissions.md: each operation's and action's permission, each
// role's grants), never from the app's own permissions table or OpenAPI document; entries
// add sample requests, the special cases and the cross-user fixtures. A refused call must be
// a refusal (problem+json for the API; runAction's typed refusal or the sign-in redirect for
// an action, never a form error or a crash) and leave the database as it was. Cells that
// change state run after every refusal, so their side effects (a rotation, a sync) cannot
// disturb a fingerprint.

type Cell = { caller: Caller | "cross"; status: string; ok: boolean; detail?: string };

let ctx: MatrixContext;
const opKeys = () => allOps(ctx.doc);
const ACCESS_REFUSALS = new Set([401, 403, 404]);
const authOf = (caller: Caller): Auth => (caller === "anonymous" ? {} : as(caller));

/** One API call; a refused one must be problem+json and change nothing. */
async function apiCell(
  method: string,
  req: Req,
  auth: Auth,
  expected: number,
  tables: readonly string[],
  check?: (a: Answer) => void | Promise<void>,
): Promise<{ answer: Answer; problem?: string }> {
  const guard = ACCESS_REFUSALS.has(expected);
  const before = guard ? await fingerprint(tables) : "";
  const answer = await api(auth, method, req.path, req.body);
  const problems: string[] = [];
  if (answer.status !== expected) problems.push(`got ${answer.status}: ${answer.text.slice(0, 160)}`);
  if (answer.status >= 400 && !isProblem(answer)) problems.push("refusal is not problem+json");
  if (guard) {
    const changed = changedTables(before, await fingerprint(tables));
    if (changed.length) problems.push(`database changed: ${changed.join(", ")}`);
  }
  if (!problems.length && check) {
    try {
      await check(answer);
    } catch (e) {
      problems.push(e instanceof Error ? e.message.split("\n")[0]! : String(e));
    }
  }
  return { answer, problem: problems.join("; ") || undefined };
}

const local = (url: string | undefined) => (url?.startsWith(appOrigin) ? url.slice(appOrigin.length) : url);

const signInRedirect = (o: ActionOutcome) =>
  local(o.redirect)?.startsWith("/signin") ||
  (o.status >= 300 && o.status < 400 && local(String(o.answer.headers.location ?? ""))!.startsWith("/signin"));

type Failed = { ok?: unknown; refused?: unknown; status?: unknown; error?: unknown };
const failedResult = (o: ActionOutcome): Failed | undefined => {
  const r = o.result as Failed | undefined;
  return r && typeof r === "object" && r.ok === false ? r : undefined;
};

/** A cell of the printed table: done, "ref 403" (the typed refusal), "→ signin", or the status of another failure. */
function label(o: ActionOutcome, done: boolean): string {
  if (done) return "done";
  if (signInRedirect(o)) return "→ signin";
  const r = failedResult(o);
  return r?.refused === true ? `ref ${String(r.status)}` : r ? String(r.status) : "?";
}

/** What is wrong with an outcome that should be the refusal `expected` (401/403: the typed refusal; 404/409: that status). */
function refusalProblem(o: ActionOutcome, expected: number): string | undefined {
  if (expected === 401 && signInRedirect(o)) return undefined;
  const r = failedResult(o);
  if (r?.status === expected && (r.refused === true) === (expected === 401 || expected === 403)) return undefined;
  const kind =
    r === undefined
      ? "no refusal"
      : r.refused === true
        ? `a refusal (${String(r.status)})`
        : r.status === 422 || r.status === 400
          ? `a validation error (${r.status})`
          : r.status === 503
            ? "a database error (503)"
            : r.status === 500
              ? "a crash (500)"
              : typeof r.status === "number"
                ? `an error (${r.status})`
                : "an untyped { ok: false }";
  const want =
    expected === 401 ? "the typed refusal (401) or the sign-in redirect" : expected === 403 ? "the typed refusal (403)" : `a ${expected}`;
  return `expected ${want}, got ${kind}: ${describeOutcome(o)}`;
}

async function succeeded(entry: ActionEntry, o: ActionOutcome, auth: Auth): Promise<boolean> {
  if (entry.success.kind === "ok") return (o.result as { ok?: unknown } | undefined)?.ok === true;
  if (o.redirect === undefined || !entry.success.to.test(local(o.redirect)!)) return false;
  // Signing out looks like a refusal from outside (back to /signin): the session must be gone.
  return !entry.success.endsSession || (await api(auth, "GET", "/api/v1/me")).status === 401;
}

const describeOutcome = (o: ActionOutcome) =>
  o.redirect
    ? `→ ${o.redirect.slice(0, 60)}`
    : o.result !== undefined
      ? JSON.stringify(o.result).slice(0, 120)
      : `${o.status} ${o.answer.text.slice(0, 80)}`;

/**
 * A person's action as the matrix makes it: "anonymous" carries a well-formed session cookie
 * that names no session. `want` is "success" or the status of the refusal expected.
 */
async function actionCell(
  key: string,
  entry: ActionEntry,
  caller: Caller,
  cell: { fields?: Record<string, string>; auth?: Auth },
  want: "success" | number,
): Promise<{ outcome: ActionOutcome; done: boolean; problem?: string }> {
  const wantSuccess = want === "success";
  const [filename, name] = key.split("#") as [string, string];
  const auth = cell.auth ?? (caller === "anonymous" ? { cookie: randomUUID() } : as(caller));
  const before = wantSuccess ? "" : await fingerprint(entry.tables ?? DOMAIN_TABLES);
  const outcome = await callAction(findAction(filename, name), auth, cell.fields, { shape: entry.shape });
  const problems: string[] = [];
  const done = wantSuccess && (await succeeded(entry, outcome, auth));
  if (wantSuccess && !done) problems.push(`expected success, got ${describeOutcome(outcome)}`);
  if (!wantSuccess) {
    const wrong = refusalProblem(outcome, want);
    if (wrong) problems.push(wrong);
    const changed = changedTables(before, await fingerprint(entry.tables ?? DOMAIN_TABLES));
    if (changed.length) problems.push(`database changed: ${changed.join(", ")}`);
  }
  return { outcome, done, problem: problems.join("; ") || undefined };
}

function table(title: string, rows: Map<string, Cell[]>): string {
  const cols: (Caller | "cross")[] = [...CALLERS, "cross"];
  const out = [`${title}`, `${"".padEnd(58)} ${cols.map((c) => c.padEnd(10)).join("")}`];
  for (const [key, cells] of rows) {
    out.push(`${key.slice(0, 57).padEnd(58)} ${cols.map((c) => (cells.find((x) => x.caller === c)?.status ?? "").padEnd(10)).join("")}`);
  }
  return out.join("\n");
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  ctx = await loadMatrixContext();
  expect(ctx.roles).toEqual({ alice: ["engineer"], mona: ["engineer", "manager"], adam: ["engineer", "admin"] });
  await prepareMatrixCells();
  await quiesce();
});

test("every API operation and every server action in the build has a matrix entry", async () => {
  // The route list, the OpenAPI document and the build agree on which routes exist...
  const template = (p: string) => p.replace(/\[\[?\.\.\.(\w+)\]?\]/g, "{$1}").replace(/\[(\w+)\]/g, "{$1}");
  const listed = [...readFileSync(files.routeList, "utf8").matchAll(/file: "app(\/api\/[^"]+)\/route\.ts"/g)].map((m) => template(m[1]!));
  const built = Object.values(JSON.parse(readFileSync(files.appPaths, "utf8")) as Record<string, string>)
    .filter((p) => p.startsWith("/api/"))
    .map(template);
  expect(new Set(built)).toEqual(new Set(listed));
  const documented = new Set(Object.keys(ctx.doc.paths));
  const undocumented = listed.filter((p) => !documented.has(p) && !(p in UNDOCUMENTED_ROUTES));
  expect(undocumented, "routes neither in /api/v1/openapi.json nor in UNDOCUMENTED_ROUTES").toEqual([]);
  expect(
    Object.keys(UNDOCUMENTED_ROUTES).filter((p) => !listed.includes(p)),
    "UNDOCUMENTED_ROUTES entries without a route",
  ).toEqual([]);
  // ...and every operation, and every server action, has exactly one matrix entry.
  expect(
    opKeys().filter((k) => !(k in API_MATRIX)),
    "API operations without a matrix entry",
  ).toEqual([]);
  expect(
    Object.keys(API_MATRIX).filter((k) => !opKeys().includes(k)),
    "matrix entries without an operation",
  ).toEqual([]);
  const actions = serverActions().map((a) => a.key);
  // The action registry (lib/actions/registry.ts) is the build's list of actions...
  expect(
    actions.filter((k) => !REGISTERED_ACTIONS.has(k)),
    "server actions in the build missing from lib/actions/registry.ts",
  ).toEqual([]);
  expect(
    [...REGISTERED_ACTIONS.keys()].filter((k) => !actions.includes(k)),
    "registered actions the build does not have",
  ).toEqual([]);
  expect(
    actions.filter((k) => !(k in ACTION_MATRIX)),
    "server actions without a matrix entry",
  ).toEqual([]);
  expect(
    Object.keys(ACTION_MATRIX).filter((k) => !actions.includes(k)),
    "matrix entries without a server action",
  ).toEqual([]);
  // ...and the rule book lists every one of them, and nothing the build does not have.
  const book = ctx.book;
  expect(
    opKeys().filter((k) => !book.operations.has(k)),
    "API operations missing from the rule book (docs/permissions.md)",
  ).toEqual([]);
  expect(
    [...book.operations.keys()].filter((k) => !opKeys().includes(k)),
    "rule book operations the app does not serve",
  ).toEqual([]);
  expect(
    actions.filter((k) => !book.actions.has(k)),
    "server actions missing from the rule book (docs/permissions.md)",
  ).toEqual([]);
  expect(
    [...book.actions.keys()].filter((k) => !actions.includes(k)),
    "rule book actions the build does not have",
  ).toEqual([]);
  expect(
    [...REGISTERED_ACTIONS].filter(([k, permission]) => book.actions.get(k) !== permission).map(([k, p]) => `${k}: registered ${p}`),
    "actions whose registered permission is not the rule book's",
  ).toEqual([]);
  expect(
    Object.keys(UNDOCUMENTED_ROUTES).filter((p) => !book.outside.has(p)),
    "routes outside the OpenAPI document missing from the rule book's routes outside the role model",
  ).toEqual([]);
});

/** The least number of role cells a run over `keys` checks: every operation or action × every caller. */
const floor = (keys: string[]) => keys.length * CALLERS.length;
/** Cells that were called and compared (not the n/a cross-user ones). */
const checkedCells = (rows: Map<string, Cell[]>) => [...rows.values()].flat().filter((c) => c.status !== "n/a").length;

/** The API cells of `keys`: refusals first (nothing may change), then the calls allowed to change things. */
async function runApiCells(keys: string[], failures: string[], rows: Map<string, Cell[]>, withCatchAll: boolean) {
  const plan = keys.flatMap((key) =>
    CALLERS.map((caller) => ({ key, caller, expected: expectedStatus(ctx, key, API_MATRIX[key]!, caller) })),
  );
  for (const pass of ["refusals", "allowed"] as const) {
    for (const { key, caller, expected } of plan.filter((p) => ACCESS_REFUSALS.has(p.expected) === (pass === "refusals"))) {
      const entry = API_MATRIX[key]!;
      const [method] = key.split(" ") as [string];
      const req = await entry.build(caller);
      const { answer, problem } = await apiCell(method, req, req.auth ?? authOf(caller), expected, entry.tables ?? DOMAIN_TABLES);
      rows.get(key)!.push({ caller, status: String(answer.status), ok: !problem });
      if (problem) failures.push(`${key} as ${caller} (expected ${expected}): ${problem}`);
    }
    if (pass === "allowed") continue;
    if (withCatchAll) {
      // The API's catch-all: a path that is no operation is a 404 problem+json for everyone.
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const key = `${method} /api/v1/{path} (no such operation)`;
        rows.set(key, []);
        for (const caller of CALLERS) {
          const { answer, problem } = await apiCell(
            method,
            { path: `/api/v1/no/such/${randomUUID()}`, body: method === "GET" ? undefined : {} },
            authOf(caller),
            404,
            DOMAIN_TABLES,
          );
          rows.get(key)!.push({ caller, status: String(answer.status), ok: !problem });
          if (problem) failures.push(`${key} as ${caller}: ${problem}`);
        }
      }
    }
    for (const key of keys) {
      const entry = API_MATRIX[key]!;
      if ("none" in entry.crossUser) {
        rows.get(key)!.push({ caller: "cross", status: "n/a", ok: true });
        continue;
      }
      const x = entry.crossUser;
      const [method] = key.split(" ") as [string];
      const req = await x.build();
      const { answer, problem } = await apiCell(method, req, req.auth ?? as(x.actor), x.status, entry.tables ?? DOMAIN_TABLES, x.check);
      rows.get(key)!.push({ caller: "cross", status: String(answer.status), ok: !problem });
      if (problem) failures.push(`${key}: ${x.what} (expected ${x.status}): ${problem}`);
    }
  }
}

test("API: every operation × anonymous, engineer, manager, admin and cross-user", async () => {
  test.setTimeout(600_000);
  const keys = opKeys().filter((k) => !API_MATRIX[k]?.last);
  const rows = new Map<string, Cell[]>(keys.map((k) => [k, []]));
  const failures: string[] = [];
  await runApiCells(keys, failures, rows, true);
  console.log(table("API access matrix (status per caller; cross = a person acting on another's resource)", rows));
  const cells = checkedCells(rows);
  console.log(`${rows.size} operations, ${cells} cells exercised`);
  expect(failures).toEqual([]);
  // The floor comes from the rule book, not from what ran: a matrix that skips cells fails.
  const ruled = [...ctx.book.operations.keys()].filter((k) => !API_MATRIX[k]?.last);
  expect(cells, `cells checked, at least ${ruled.length} operations of the rule book × ${CALLERS.length} callers`).toBeGreaterThanOrEqual(
    floor(ruled),
  );
});

test("the metrics endpoint answers its scrape token only", async () => {
  const token = process.env.KEYLESS_METRICS_TOKEN ?? "";
  expect(token.length, "the test sandbox sets KEYLESS_METRICS_TOKEN").toBeGreaterThanOrEqual(16);
  const cli = await cliSession("adam");
  await quiesce(); // the API matrix's rotations and syncs, before the fingerprints
  const failures: string[] = [];
  let checked = 0;
  for (const cell of METRICS_MATRIX) {
    const auth: Auth =
      cell.auth === "anonymous"
        ? {}
        : cell.auth === "cli"
          ? { bearer: cli.access_token }
          : cell.auth === "scrape"
            ? { bearer: token }
            : cell.auth === "wrong"
              ? { bearer: `${token}x` }
              : as(cell.auth);
    const { answer, problem } = await apiCell("GET", { path: "/api/metrics" }, auth, cell.status, DOMAIN_TABLES);
    checked++;
    if (problem) failures.push(`GET /api/metrics as ${cell.who} (expected ${cell.status}): ${problem}`);
    if (answer.status === 200 && !answer.text.includes("keyless_"))
      failures.push(`GET /api/metrics as ${cell.who}: no keyless_ metrics in the answer`);
  }
  console.log(`GET /api/metrics: ${checked} cells`);
  expect(failures).toEqual([]);
  expect(checked, "cells checked: every caller, the CLI token, a wrong and the right scrape token").toBeGreaterThanOrEqual(7);
});

test("the Slack interactivity endpoint trusts Slack's signature only, and clicks follow the approval rules", async () => {
  await quiesce();
  const failures: string[] = [];
  let checked = 0;
  for (const cell of SLACK_MATRIX) {
    const id = await slackFixture(cell.requester);
    const guard = cell.after === "PENDING";
    const before = guard ? await fingerprint(DOMAIN_TABLES) : "";
    const req = cell.build(id);
    const answer = await send(
      cell.who.startsWith("anonymous") ? { ...req, headers: { ...req.headers, cookie: `keyless.session=${as("alice").cookie}` } } : req,
    );
    const problems: string[] = [];
    if (answer.status !== cell.status) problems.push(`got ${answer.status}: ${answer.text.slice(0, 160)}`);
    if (answer.status >= 400 && !isProblem(answer)) problems.push("refusal is not problem+json");
    const status = await requestStatus(id);
    if (status !== cell.after) problems.push(`the request is ${status}, expected ${cell.after}`);
    if (guard) {
      const changed = changedTables(before, await fingerprint(DOMAIN_TABLES));
      if (changed.length) problems.push(`database changed: ${changed.join(", ")}`);
    }
    if (problems.length) failures.push(`POST /api/slack/interactions, ${cell.who}: ${problems.join("; ")}`);
    checked++;
  }
  console.log(`POST /api/slack/interactions: ${checked} cells`);
  expect(failures).toEqual([]);
  expect(checked, "Slack cells checked").toBe(SLACK_MATRIX.length);
  expect(SLACK_MATRIX.length, "the Slack matrix has its cells").toBeGreaterThanOrEqual(8);
});

async function runActionCells(keys: string[], failures: string[], rows: Map<string, Cell[]>) {
  const plan = keys.flatMap((key) => {
    const entry = ACTION_MATRIX[key]!;
    const access = accessOf(ctx, key);
    return CALLERS.map((caller) => {
      const special = entry.special?.[caller];
      const success = may(ctx, caller, access) && !special;
      // Refused: no session is a 401 (or the sign-in page), a role without the permission a 403.
      const want: "success" | number = success ? "success" : (special?.refusal ?? (caller === "anonymous" ? 401 : 403));
      return { key, caller, success, want };
    });
  });
  // The API matrix's allowed cells started rotations and syncs: let them finish, so the
  // refusals' fingerprints see only what the refused calls did.
  await quiesce();
  for (const pass of [false, true]) {
    for (const { key, caller, want } of plan.filter((p) => p.success === pass)) {
      const entry = ACTION_MATRIX[key]!;
      const { outcome, done, problem } = await actionCell(key, entry, caller, await entry.build(caller), want);
      rows.get(key)!.push({ caller, status: label(outcome, done), ok: !problem });
      if (problem) failures.push(`${key} as ${caller}: ${problem}`);
    }
    if (pass) continue;
    for (const key of keys) {
      const entry = ACTION_MATRIX[key]!;
      if ("none" in entry.crossUser) {
        rows.get(key)!.push({ caller: "cross", status: "n/a", ok: true });
        continue;
      }
      const x = entry.crossUser;
      if (!x.succeeds && !x.refusal)
        throw new Error(`${key}: its cross-user case must say which refusal it expects (refusal: 403 | 404 | 409)`);
      const { outcome, done, problem } = await actionCell(key, entry, x.actor, await x.build(), x.succeeds ? "success" : x.refusal!);
      let extra: string | undefined;
      if (!problem && x.check)
        await Promise.resolve(x.check(outcome)).catch((e: unknown) => (extra = e instanceof Error ? e.message : String(e)));
      const fail = problem ?? extra;
      rows.get(key)!.push({ caller: "cross", status: label(outcome, done), ok: !fail });
      if (fail) failures.push(`${key}: ${x.what}: ${fail}`);
    }
  }
}

test("server actions: every action × anonymous, engineer, manager, admin and cross-user", async () => {
  test.setTimeout(600_000);
  const keys = Object.keys(ACTION_MATRIX).filter((k) => !ACTION_MATRIX[k]!.last);
  const rows = new Map<string, Cell[]>(keys.map((k) => [k, []]));
  const failures: string[] = [];
  await runActionCells(keys, failures, rows);
  console.log(table("Server action matrix (done, ref = typed refusal, → signin, or the error status, per caller)", rows));
  const cells = checkedCells(rows);
  console.log(`${rows.size} server actions, ${cells} cells exercised`);
  expect(failures).toEqual([]);
  const ruled = [...ctx.book.actions.keys()].filter((k) => !ACTION_MATRIX[k]?.last);
  expect(cells, `cells checked, at least ${ruled.length} actions of the rule book × ${CALLERS.length} callers`).toBeGreaterThanOrEqual(
    floor(ruled),
  );
});

test("API operations and server actions that end every session of the caller", async ({ browser }) => {
  const keys = Object.keys(ACTION_MATRIX).filter((k) => ACTION_MATRIX[k]!.last);
  const apiKeys = opKeys().filter((k) => API_MATRIX[k]?.last);
  const rows = new Map<string, Cell[]>([...apiKeys, ...keys].map((k) => [k, []]));
  const failures: string[] = [];
  try {
    await runApiCells(apiKeys, failures, rows, false);
    await runActionCells(keys, failures, rows);
    // "Everywhere" means the suite's own browser sessions too.
    for (const user of ["alice", "mona", "adam"] as const)
      expect((await api({ cookie: sessionOf(user) }, "GET", "/api/v1/me")).status).toBe(401);
  } finally {
    // Sign everyone in again for the specs that follow.
    for (const user of Object.keys(USERS) as DemoUser[]) {
      const context = await browser.newContext({ baseURL: appUrl });
      const page = await context.newPage();
      await signIn(page, USERS[user].email);
      await context.storageState({ path: storageFor(user) });
      await context.close();
    }
  }
  console.log(table("API operations and server actions that end sessions", rows));
  expect(failures).toEqual([]);
  const ruled = [...ctx.book.operations.keys(), ...ctx.book.actions.keys()].filter((k) => API_MATRIX[k]?.last || ACTION_MATRIX[k]?.last);
  expect(ruled.length, "the rule book lists the calls that end sessions").toBeGreaterThan(0);
  expect(checkedCells(rows), "cells checked").toBeGreaterThanOrEqual(floor(ruled));
});
