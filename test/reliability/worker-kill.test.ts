import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_GROUPS, closeTestDb, signedIn, testDb, type Client } from "./support/api";
import {
  ensureAwsAccount,
  FINISHED,
  rotationDetail,
  rotationOutcome,
  startRotationVia,
  webhookIntegration,
  type TestIntegration,
  removeAwsAccount,
} from "./support/integrations";
import { dataset, seedDataset, syncFinished } from "./support/inventory";
import { newAccountId } from "./support/moto";
import { killHard, startApp, startWorker, stopAll, unhandled, workerReady, type App, type Worker } from "./support/processes";
import { sleep, waitFor } from "./support/wait";
import { standins } from "./support/env";

// The worker is SIGKILLed (no handler runs, as with the OOM killer or a lost host) while
// it is in the middle of an inventory sync of a big account and of three rotations, each
// stopped mid-push (the target answers slowly). A new worker is started; nobody touches
// the database. The sync and the rotations resume and finish: every IAM key is in the
// inventory, and each integration ends with exactly one active key that its service holds
// and that works.

const BIG = newAccountId();
const ROT = newAccountId();
const USERS = 900;
const now = Date.now();

let app: App;
let admin: Client;
let first: Worker;
let integrations: TestIntegration[];

beforeAll(async () => {
  app = await startApp();
  first = startWorker();
  await workerReady(first);
  admin = await signedIn("kill-admin", ADMIN_GROUPS);
  await ensureAwsAccount(ROT, "Reliability kill rotations");
  integrations = await Promise.all([1, 2, 3].map((n) => webhookIntegration(admin, app.url, { accountId: ROT, label: `kill${n}` })));
  await ensureAwsAccount(BIG, "Reliability kill sync");
  await seedDataset(BIG, "K", USERS, now);
  // No earlier sync may be under way (a running one would be returned instead of a new one).
  await testDb().query(`UPDATE inventory_syncs SET finished_at = now(), status = 'succeeded' WHERE finished_at IS NULL`);
});

afterAll(async () => {
  await removeAwsAccount(BIG);
  await standins.clearFaults();
  await stopAll();
  await closeTestDb();
});

async function syncAccountRow(syncId: string) {
  const { rows } = await testDb().query<{ status: string }>(
    `SELECT s.status::text AS status FROM inventory_sync_accounts s JOIN aws_accounts a ON a.id = s.aws_account_id WHERE s.sync_id = $1 AND a.account_id = $2`,
    [syncId, BIG],
  );
  return rows[0]?.status ?? null;
}

async function pushInFlight(rotationId: string): Promise<boolean> {
  const { rows } = await testDb().query<{ step: string; status: string }>(
    `SELECT step, status::text FROM rotation_steps WHERE rotation_id = $1 ORDER BY id DESC LIMIT 1`,
    [rotationId],
  );
  return rows[0]?.step === "push" && rows[0]?.status === "started";
}

describe("worker SIGKILLed mid-job", () => {
  it("a new worker resumes the sync and the rotations; nothing is lost and every service keeps a working key", async () => {
    // Each service takes 8 s to answer the push: the kill lands while it is in flight.
    for (const t of integrations)
      await standins.fault({ path: `/webhook/${t.receiver}`, method: "POST", action: "delay", delayMs: 8_000, count: 1 });
    const rotationIds = await Promise.all(integrations.map((t) => startRotationVia(admin, app.url, t.id)));
    await waitFor(
      "every rotation to be pushing",
      async () => (await Promise.all(rotationIds.map(pushInFlight))).every(Boolean),
      60_000,
      100,
    );

    const sync = await admin.post<{ jobId: string; alreadyRunning: boolean }>(app.url, "/api/v1/inventory/sync", {});
    expect(sync.status).toBe(202);
    expect(sync.body.alreadyRunning).toBe(false);
    await waitFor("the big account's sync to be running", async () => (await syncAccountRow(sync.body.jobId)) === "running", 60_000, 100);

    await killHard(first);
    expect(first.child.signalCode ?? first.child.exitCode).toBe("SIGKILL");
    // Really mid-job: the work is half done, and pg-boss still thinks the jobs are running.
    expect(await syncAccountRow(sync.body.jobId)).toBe("running");
    for (const id of rotationIds) expect(await pushInFlight(id)).toBe(true);
    // This test's jobs only: an earlier file's worker may have left other jobs active, which the
    // new worker recovers as well.
    const { rows: active } = await testDb().query<{ name: string }>(
      `SELECT name FROM pgboss.job WHERE state = 'active'
          AND ((name = 'rotation-run' AND data->>'rotationId' = ANY($1::text[])) OR (name = 'inventory-sync-account' AND data->>'syncId' = $2))`,
      [rotationIds, sync.body.jobId],
    );
    expect(active.filter((j) => j.name === "rotation-run")).toHaveLength(3);
    expect(active.some((j) => j.name === "inventory-sync-account")).toBe(true);

    // Some time later (an orchestrator restarting the pod), a new worker.
    await sleep(10_000);
    const second = startWorker();
    await workerReady(second);

    const finished = await syncFinished(admin, app, sync.body.jobId, 300_000);
    expect(finished.status, JSON.stringify(finished.errors)).toBe("succeeded");
    // No lost data: every key AWS has is in the inventory, with its status.
    const expected = dataset("K", USERS, now)
      .flatMap((u) => u.keys.map((k) => `${k.accessKeyId} ${k.status.toUpperCase()}`))
      .sort();
    const { rows: keys } = await testDb().query<{ k: string }>(
      `SELECT access_key_id || ' ' || status::text AS k FROM access_keys WHERE account_id = $1 AND deleted_at IS NULL ORDER BY 1`,
      [BIG],
    );
    expect(keys.map((r) => r.k).sort()).toEqual(expected);

    for (const [i, t] of integrations.entries()) {
      const detail = await waitFor(
        `rotation ${i + 1} to finish`,
        async () => {
          const d = await rotationDetail(admin, app.url, rotationIds[i]!);
          return FINISHED.includes(d.state.status) ? d : null;
        },
        240_000,
        1_000,
      );
      expect(await rotationOutcome(t, detail)).toMatchObject({
        status: "succeeded",
        keys: ["Active"],
        oldKeyAtAws: false,
        serviceHoldsTheActiveKey: true,
        serviceKeyWorks: true,
      });
    }
    expect(unhandled(second)).toEqual([]);
    // The second worker did the finishing (the first is dead).
    expect(second.lines.some((l) => l.includes('"job":"rotation-run"') && l.includes('"job done"'))).toBe(true);
    expect(second.lines.some((l) => l.includes('"job":"inventory-sync-account"') && l.includes('"job done"'))).toBe(true);
  });
});
