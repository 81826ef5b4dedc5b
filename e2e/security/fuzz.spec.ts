import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import type { Problem } from "../../lib/errors";
import { API_MATRIX, latest } from "./support/api-matrix";
import { query, roleIdByName } from "./support/db";
import { appOrigin, processes } from "./support/env";
import { as, cliSession, iamUserWithKey, integration, integrationBody, liveGrant, matrixPerson, pendingRequest } from "./support/fixtures";
import { requestArbitrary, strayArbitrary, type FuzzContext, type FuzzRequest, type Operation } from "./support/fuzz";
import { transportProblems } from "./support/headers";
import { api, isProblem, json, sessionOf, trySend, type Answer } from "./support/http";
import type { OpenApi } from "./support/matrix";

// Input fuzzing (issue 7): thousands of malformed requests across every operation of the
// API (wrong types, huge and deeply nested bodies, unicode and NUL, injection and traversal
// strings, prototype-pollution keys, bad JSON, wrong content types, bad ids, bad query
// strings, hostile headers), as nobody, as each person and with CLI tokens. Zero 5xx, every
// refusal of a declared operation problem+json, and afterwards the app and the worker
// still run and refuse what they refused before. Replay a run with KEYLESS_FUZZ_SEED.

const SEED = Number(process.env.KEYLESS_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
// KEYLESS_FUZZ_REQUESTS may raise the count, never lower it below the floor.
const FLOOR = 5000;
const REQUESTS = Math.max(FLOOR, Number(process.env.KEYLESS_FUZZ_REQUESTS ?? FLOOR) || FLOOR);
const STRAY = Math.ceil(REQUESTS / 25);
const CONCURRENCY = 4;

/** Valid sample bodies: the fuzzer damages one thing at a time in an otherwise good request. */
async function sampleBodies(): Promise<Record<string, Record<string, unknown>>> {
  const developer = await roleIdByName("SandboxDeveloper");
  return {
    "POST /api/v1/credentials": { roleId: developer, durationSeconds: 3600 },
    "POST /api/v1/console-url": { roleId: developer },
    "POST /api/v1/device/authorize": { client_name: "fuzz", client_version: "1.0.0", hostname: "fuzz-host", platform: "linux" },
    "POST /api/v1/device/token": { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: `kl_dc_${randomUUID()}` },
    "POST /api/v1/access-requests": {
      kind: "ROLE_ACCESS",
      roleId: await roleIdByName("ProductionDeploy"),
      durationSeconds: 3600,
      justification: "Fuzzing the request form",
    },
    "POST /api/v1/access-requests/{id}/approve": { comment: "fuzz" },
    "POST /api/v1/access-requests/{id}/deny": { comment: "fuzz" },
    "POST /api/v1/integrations": integrationBody(await iamUserWithKey()),
    "POST /api/v1/people/{id}/suspend": { reason: "fuzz" },
    "POST /api/v1/people/{id}/revoke-aws-sessions": { reason: "fuzz" },
    "PATCH /api/v1/integrations/{id}": {
      name: "Fuzzed",
      rotationIntervalDays: 30,
      graceSeconds: 60,
      ownerEmail: "adam@example.com",
      enabled: true,
      targetSettings: {},
    },
  };
}

type Tally = { sent: number; notSent: number; byKind: Map<string, number>; byStatus: Map<number, number>; failures: string[] };

function judge(req: FuzzRequest, a: Answer, stray: boolean, tally: Tally): void {
  tally.sent++;
  tally.byKind.set(req.kind, (tally.byKind.get(req.kind) ?? 0) + 1);
  tally.byStatus.set(a.status, (tally.byStatus.get(a.status) ?? 0) + 1);
  const where = `${req.kind}: ${req.method} ${req.path.slice(0, 140)} as ${req.identity}`;
  const fail = (why: string) => void tally.failures.push(`${where} → ${why}`);
  if (a.status === 0) return fail(`no answer (${a.error})`);
  if (a.status >= 500) return fail(`${a.status} ${a.text.slice(0, 200)}`);
  for (const p of transportProblems(a)) fail(p);
  // Stray paths outside /api/v1 (next-auth's, the health checks') are answered by their own code.
  // A HEAD answer has no body: its type must still say problem+json.
  const problem = req.method === "HEAD" ? String(a.headers["content-type"]).startsWith("application/problem+json") : isProblem(a);
  if ((!stray || req.path.startsWith("/api/v1/")) && a.status >= 400 && !problem)
    fail(`refusal ${a.status} is not problem+json: ${String(a.headers["content-type"])} ${a.text.slice(0, 120)}`);
}

async function run(requests: FuzzRequest[], stray: boolean, tally: Tally): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const req = requests[i]!;
      const answer = await trySend({ ...req, timeoutMs: 30_000 });
      if (answer.status === -1) {
        tally.notSent++;
        continue;
      }
      judge(req, answer, stray, tally);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("thousands of malformed requests: no 5xx, every refusal problem+json, nothing crashes", async () => {
  test.setTimeout(900_000);
  console.log(`fuzz seed ${SEED} (replay with KEYLESS_FUZZ_SEED=${SEED}), ${REQUESTS} requests + ${STRAY} stray, ${CONCURRENCY} at a time`);
  const doc = json<OpenApi>(await api({}, "GET", "/api/v1/openapi.json"));
  const bodies = await sampleBodies();
  // Left out: what ends every session of its caller (POST /api/v1/me/revoke-sessions). It
  // reads no input to damage, and would sign the fuzzer's identities out mid-run; the access
  // matrix calls it as each person and anonymously.
  const ops: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([m]) => !API_MATRIX[`${m.toUpperCase()} ${path}`]?.last)
      .map(([m, o]) => ({
        method: m.toUpperCase(),
        path,
        query: ((o as { parameters?: { in: string; name: string }[] }).parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        body: bodies[`${m.toUpperCase()} ${path}`],
      })),
  );
  // Routes outside the document that read input: the scrape endpoint, and Slack's clicks
  // (the fuzzer cannot sign them: everything it sends must be refused, as problem+json).
  ops.push(
    { method: "GET", path: "/api/metrics", query: [] },
    { method: "POST", path: "/api/slack/interactions", query: [], body: { payload: '{"type":"block_actions"}' } },
  );
  // Rows the damaged requests may reach: the fuzzer's own, so it changes nothing else.
  const own = await integration();
  const bearer = await cliSession("alice");
  const idPool = [
    await pendingRequest("alice"),
    own.id,
    (await cliSession("mona")).session_id,
    await liveGrant("alice"),
    // A person of the fuzzer's own, for the People operations (adam's requests may suspend them).
    (await matrixPerson({ awsSession: true })).id,
  ];
  const rotation = await latest("rotation");
  const sync = await latest("sync");
  const ctx: FuzzContext = {
    ops,
    origin: appOrigin,
    ids: { id: rotation ? [...idPool, rotation] : idPool, jobId: sync ? [sync, randomUUID()] : [randomUUID()] },
    identities: [
      { name: "anonymous", headers: {} },
      { name: "alice (cookie)", headers: { cookie: `keyless.session=${sessionOf("alice")}` } },
      { name: "mona (cookie)", headers: { cookie: `keyless.session=${sessionOf("mona")}` } },
      { name: "adam (cookie)", headers: { cookie: `keyless.session=${sessionOf("adam")}` } },
      { name: "adam (cookie)", headers: { cookie: `keyless.session=${sessionOf("adam")}` } },
      { name: "alice (CLI token)", headers: { authorization: `Bearer ${bearer.access_token}` } },
      { name: "random token", headers: { authorization: `Bearer kl_at_${randomUUID()}` } },
      { name: "unknown session", headers: { cookie: `keyless.session=${randomUUID()}` } },
    ],
  };
  const requests = fc.sample(requestArbitrary(ctx), { seed: SEED, numRuns: REQUESTS });
  const stray = fc.sample(strayArbitrary(ctx), { seed: SEED + 1, numRuns: STRAY });

  const tally: Tally = { sent: 0, notSent: 0, byKind: new Map(), byStatus: new Map(), failures: [] };
  const started = Date.now();
  await run(requests, false, tally);
  await run(stray, true, tally);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`${tally.sent} requests answered in ${seconds}s (${tally.notSent} refused by Node's HTTP client before sending)`);
  console.log(`by kind: ${[...tally.byKind].map(([k, n]) => `${k} ${n}`).join(", ")}`);
  console.log(
    `by status: ${[...tally.byStatus]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(" ")}`,
  );
  if (tally.failures.length) console.log(`first failures (seed ${SEED}):\n${tally.failures.slice(0, 40).join("\n")}`);

  expect(tally.sent + tally.notSent, "every generated request was tried").toBe(REQUESTS + STRAY);
  expect(tally.sent).toBeGreaterThanOrEqual(FLOOR);
  expect(tally.failures.length, `${tally.failures.length} bad answers; seed ${SEED}`).toBe(0);

  // Nothing crashed: both processes are the ones that started, and the app is healthy.
  const { app, worker } = processes();
  expect(alive(app), "the app process is gone").toBe(true);
  expect(alive(worker), "the worker process is gone").toBe(true);
  const health = await api({}, "GET", "/api/health");
  expect(health.status).toBe(200);
  expect(json<{ status: string; database: string }>(health)).toMatchObject({ status: "ok", database: "ok" });
  // Prototype-pollution canaries: refusals still refuse, and the worker still works.
  expect((await api(as("alice"), "GET", "/api/v1/integrations")).status).toBe(403);
  expect((await api({}, "GET", "/api/v1/me")).status).toBe(401);
  const refusal = json<Problem>(await api(as("mona"), "POST", "/api/v1/inventory/sync"));
  expect(refusal.status).toBe(403);
  const sync202 = await api(as("adam"), "POST", "/api/v1/inventory/sync");
  expect(sync202.status).toBe(202);
  const { jobId } = json<{ jobId: string }>(sync202);
  await expect
    .poll(async () => (await query<{ status: string }>("SELECT status FROM inventory_syncs WHERE id = $1", [jobId]))[0]?.status, {
      timeout: 120_000,
    })
    .toMatch(/succeeded|partial|failed/);
});
