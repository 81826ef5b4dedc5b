import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_GROUPS, anonymous, closeTestDb, ENGINEER_GROUPS, signedIn, testDb, type Client } from "./support/api";
import { ensureAwsAccount, removeAwsAccount } from "./support/integrations";
import { seedDataset, syncFinished } from "./support/inventory";
import { startLoad, tally, type Sample } from "./support/load";
import { newAccountId } from "./support/moto";
import { postgres } from "./support/postgres";
import { startApp, startWorker, stopAll, unhandled, workerReady, type App, type Worker } from "./support/processes";
import { sleep, waitFor } from "./support/wait";

// Postgres is stopped (fast shutdown: every session is cut) while people get credentials,
// read the keys API and pages, and a sync is running; it stays down a while, then starts
// again. Nobody restarts the app or the worker.
// - While it is down: /api/health answers 503, API calls a clear 503 problem+json (never
//   a 500, never a hang), pages an error page, quickly.
// - After: the same processes serve every request again, and the worker finishes the sync
//   it was in the middle of, and runs new jobs.

const BIG = newAccountId();
const OUTAGE_MS = 8_000;
const CLIENT_TIMEOUT_MS = 20_000;

let app: App;
let worker: Worker;
let admin: Client;
let engineer: Client;
let roleId: string;

beforeAll(async () => {
  // Credentials are asked for continuously here: no per-person limit in the way.
  app = await startApp(undefined, { KEYLESS_CREDENTIALS_USER_RATE_LIMIT_PER_MINUTE: "0" });
  worker = startWorker();
  await workerReady(worker);
  admin = await signedIn("pg-admin", ADMIN_GROUPS);
  engineer = await signedIn("pg-engineer", ENGINEER_GROUPS);
  const roles = await engineer.get<{ id: string; requiresApproval: boolean }[]>(app.url, "/api/v1/aws-roles");
  roleId = roles.body.find((r) => !r.requiresApproval)?.id ?? "";
  expect(roleId).not.toBe("");
  // An account big enough that its sync is still running when the database goes away.
  await ensureAwsAccount(BIG, "Reliability big");
  await seedDataset(BIG, "P", 900, Date.now());
});

afterAll(async () => {
  await postgres.start(); // whatever happened, leave the database up for the next file
  await removeAwsAccount(BIG);
  await stopAll();
  await closeTestDb();
});

const API_LOOPS = ["credentials", "keys-api", "health"];
const isProblem = (s: Sample) => s.contentType.startsWith("application/problem+json");
const LOOPS = [...API_LOOPS, "keys-page"];
/** Each loop has answered at least `n` requests it sent after `since`. */
const answeredByEveryLoop = (samples: Sample[], since: number, n: number) =>
  LOOPS.every((loop) => samples.filter((s) => s.loop === loop && s.start > since).length >= n);

/** Until stopped, makes the account syncs waiting for a retry due now (pg-boss's start_after). */
function skipRetryDelays(): { stop(): void } {
  let running = true;
  void (async () => {
    while (running) {
      await testDb()
        .query(
          `UPDATE pgboss.job SET start_after = now() WHERE name = 'inventory-sync-account' AND state = 'retry' AND start_after > now()`,
        )
        .catch(() => undefined);
      await sleep(250);
    }
  })();
  return { stop: () => void (running = false) };
}

describe("Postgres restarted under load", () => {
  it("answers 503 while it is down, and app and worker recover by themselves", async () => {
    const load = startLoad([
      { name: "credentials", concurrency: 3, send: () => engineer.post(app.url, "/api/v1/credentials", { roleId }, CLIENT_TIMEOUT_MS) },
      { name: "keys-api", concurrency: 2, send: () => admin.get(app.url, "/api/v1/keys?limit=20", CLIENT_TIMEOUT_MS) },
      { name: "keys-page", concurrency: 1, send: () => admin.get(app.url, "/keys", CLIENT_TIMEOUT_MS) },
      { name: "health", concurrency: 1, pauseMs: 200, send: () => anonymous.get(app.url, "/api/health", CLIENT_TIMEOUT_MS) },
    ]);
    // Every loop answered before the outage (the checks below want more than ten answers).
    await waitFor("answers from every loop before the outage", async () => answeredByEveryLoop(load.samples, 0, 3), 60_000, 100);

    // A sync in flight when the database goes away.
    const sync = await admin.post<{ jobId: string }>(app.url, "/api/v1/inventory/sync", {});
    expect(sync.status).toBe(202);
    await waitFor(
      "the big account's sync to be running",
      async () => {
        const { rows } = await testDb().query(
          `SELECT 1 FROM inventory_sync_accounts s JOIN aws_accounts a ON a.id = s.aws_account_id WHERE s.sync_id = $1 AND a.account_id = $2 AND s.status = 'running'`,
          [sync.body.jobId, BIG],
        );
        return rows.length > 0;
      },
      60_000,
      100,
    );

    const downAt = Date.now();
    await postgres.stop();
    const healthDown = await waitFor(
      "/api/health to answer 503",
      async () => {
        const r = await anonymous.get(app.url, "/api/health", CLIENT_TIMEOUT_MS);
        return r.status === 503 ? r : null;
      },
      30_000,
      200,
    );
    expect(healthDown.body).toMatchObject({ status: "degraded", database: "down" });
    const credentials = await engineer.post<Record<string, unknown>>(app.url, "/api/v1/credentials", { roleId }, CLIENT_TIMEOUT_MS);
    expect(credentials.status).toBe(503);
    expect(credentials.contentType).toMatch(/^application\/problem\+json/);
    expect(String(credentials.body.detail)).toMatch(/database is unavailable/i);
    expect(credentials.body).not.toHaveProperty("secretAccessKey");
    await sleep(OUTAGE_MS);

    const upAt = Date.now();
    await postgres.start();
    await waitFor(
      "/api/health to answer 200 again",
      async () => (await anonymous.get(app.url, "/api/health", CLIENT_TIMEOUT_MS)).status === 200,
      60_000,
      200,
    );
    const recoveredAt = Date.now();
    await waitFor(
      "answers from every loop after the recovery",
      async () => answeredByEveryLoop(load.samples, recoveredAt + 1_000, 3),
      60_000,
      100,
    );
    const samples = await load.stop();

    // Nothing hung or crashed, before, during or after.
    expect(
      samples.filter((s) => s.status === 0),
      JSON.stringify(tally(samples)),
    ).toEqual([]);
    expect(app.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
    expect(unhandled(worker)).toEqual([]);
    const api = samples.filter((s) => API_LOOPS.includes(s.loop));
    expect(
      api.filter((s) => s.status >= 500 && s.status !== 503),
      JSON.stringify(tally(api)),
    ).toEqual([]);
    expect(
      api.filter((s) => s.status === 503 && s.loop !== "health" && !isProblem(s)),
      JSON.stringify(tally(api)),
    ).toEqual([]);

    const before = samples.filter((s) => s.end < downAt);
    expect(before.length).toBeGreaterThan(10);
    expect(
      before.filter((s) => s.status !== 200),
      JSON.stringify(tally(before)),
    ).toEqual([]);

    // While down (requests that started after the stop and ended before the start): 503s.
    const during = samples.filter((s) => s.start > downAt + 1_000 && s.end < upAt);
    for (const loop of API_LOOPS) {
      const mine = during.filter((s) => s.loop === loop);
      expect(mine.length, `${loop} during the outage`).toBeGreaterThan(0);
      expect(
        mine.filter((s) => s.status !== 503),
        JSON.stringify(tally(mine)),
      ).toEqual([]);
    }
    const pages = during.filter((s) => s.loop === "keys-page");
    expect(pages.length).toBeGreaterThan(0);
    expect(
      pages.filter((s) => s.status < 500),
      JSON.stringify(tally(pages)),
    ).toEqual([]);

    // After: everything succeeds again, with the same processes.
    const after = samples.filter((s) => s.start > recoveredAt + 1_000);
    expect(new Set(after.map((s) => s.loop)).size).toBe(4);
    expect(
      after.filter((s) => s.status !== 200),
      JSON.stringify(tally(after)),
    ).toEqual([]);

    // The worker finishes the sync the outage interrupted, then runs a new one. Its recovery
    // pass (once a minute) fails the jobs the outage left "active"; pg-boss retries them after
    // their retry delay (30 s, backing off), which the test skips as time passing would.
    const retriedAt = skipRetryDelays();
    const finished = await syncFinished(admin, app, sync.body.jobId, 240_000).finally(() => retriedAt.stop());
    expect(finished.status, JSON.stringify(finished.errors)).toBe("succeeded");
    // The new sync proves the worker runs new jobs: it need not walk the big account again.
    await removeAwsAccount(BIG);
    const again = await admin.post<{ jobId: string; alreadyRunning: boolean }>(app.url, "/api/v1/inventory/sync", {});
    expect(again.status).toBe(202);
    expect(again.body.alreadyRunning).toBe(false);
    const next = await waitFor(
      "a new sync to finish",
      async () => {
        const r = await admin.get<{ finishedAt: string | null; status: string }>(app.url, `/api/v1/inventory/sync/${again.body.jobId}`);
        return r.status === 200 && r.body.finishedAt ? r.body : null;
      },
      120_000,
      250,
    );
    expect(next.status).toBe("succeeded");
  });
});
