import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_GROUPS, closeTestDb, signedIn, testDb, type Client } from "./support/api";
import { sandbox, standins } from "./support/env";
import { FINISHED, iamKeys, rotationDetail, startRotationVia } from "./support/integrations";
import { moto } from "./support/moto";
import { startApp, startWorker, stopAll, workerReady, type App } from "./support/processes";
import { waitFor } from "./support/wait";

// `npm run demo` stopped with Ctrl-C while deploy-bot's rotation is in its grace period
// (two keys at AWS, the new one at GitHub), then started again: app and worker stop, moto
// and the stand-ins stop and start again from their kept state (scripts/sandbox/aws-side.ts)
// and the demo integrations are reconciled (seed-integrations.ts), then app and worker
// start. The rotation must finish: the new key works at AWS, GitHub holds it, the old key is
// gone. A sandbox that truly lost its state (files removed) fails the rotation, clearly.

const ACCOUNT = "222222222222";
const USER = "deploy-bot";
const GRACE_SECONDS = 15;

let app: App;
let admin: Client;
let integrationId: string;

async function up(): Promise<void> {
  app = await startApp();
  await workerReady(startWorker());
}

async function statusOf(rotationId: string): Promise<string | undefined> {
  const { rows } = await testDb().query<{ status: string }>(`SELECT status::text FROM rotations WHERE id = $1`, [rotationId]);
  return rows[0]?.status;
}

/**
 * What Ctrl-C and a second `npm run demo` do to the sandbox's processes: app and worker stop,
 * moto and the stand-ins restart and the seed reconciles; then app and worker start again.
 * Returns what was restored, and the rotation's status between the seed and the worker's start.
 */
async function restartSandbox(rotationId: string, forget = false) {
  await stopAll();
  const restored = await restartAws(forget ? "?forget=1" : "");
  const statusAfterSeed = await statusOf(rotationId);
  await up();
  return { ...restored, statusAfterSeed };
}

/** The runner's control restarts moto and the stand-ins (scripts/sandbox/control.ts); says what they restored. */
async function restartAws(query: string): Promise<{ moto: boolean; standins: boolean }> {
  const res = await fetch(`${sandbox.controlUrl}/aws/restart${query}`, { method: "POST", signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new Error(`restarting the sandbox: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { restored: { moto: boolean; standins: boolean } }).restored;
}

/** The key GitHub holds for deploy-bot (the stand-in decrypts what Keyless sealed). */
async function githubKey() {
  const secrets = (await standins.state()).github["acme/deploy-bot"]?.environments.production?.secrets ?? {};
  return { accessKeyId: secrets.AWS_ACCESS_KEY_ID?.value, secretAccessKey: secrets.AWS_SECRET_ACCESS_KEY?.value };
}

async function rotationInGrace(): Promise<{ id: string; oldKey: string; newKey: string }> {
  const id = await startRotationVia(admin, app.url, integrationId);
  const row = await waitFor(
    "the rotation's grace period",
    async () => {
      const { rows } = await testDb().query<{ status: string; old_access_key_id: string; new_access_key_id: string }>(
        `SELECT status::text, old_access_key_id, new_access_key_id FROM rotations WHERE id = $1`,
        [id],
      );
      return rows[0]?.status === "waiting" ? rows[0] : null;
    },
    60_000,
    200,
  );
  return { id, oldKey: row.old_access_key_id, newKey: row.new_access_key_id };
}

const finished = (id: string) =>
  waitFor(
    "the rotation to finish",
    async () => {
      const detail = await rotationDetail(admin, app.url, id);
      return FINISHED.includes(detail.state.status) ? detail.state : null;
    },
    120_000,
    500,
  );

beforeAll(async () => {
  // The reliability sandbox keeps no AWS state by default (it slows moto): on for this file,
  // from an empty start, which the seed reconciles; off again after it.
  expect(await restartAws("?persist=1")).toEqual({ moto: false, standins: false });
  const { rows } = await testDb().query<{ id: string }>(
    `UPDATE integrations SET grace_seconds = $1 WHERE iam_user_name = $2 RETURNING id`,
    [GRACE_SECONDS, USER],
  );
  integrationId = rows[0]!.id;
  await up();
  admin = await signedIn("restart-admin", ADMIN_GROUPS);
});

afterAll(async () => {
  await stopAll();
  await restartAws("?persist=0");
  await closeTestDb();
});

describe("the demo sandbox restarted during a rotation's grace period", () => {
  it("keeps AWS and the stand-ins, and the rotation finishes", async () => {
    const rotation = await rotationInGrace();
    const pushed = await githubKey();
    expect(pushed.accessKeyId).toBe(rotation.newKey);
    expect((await iamKeys(ACCOUNT, USER)).map((k) => k.accessKeyId).sort()).toEqual([rotation.newKey, rotation.oldKey].sort());

    // Restored, and the reconciliation left the rotation in its grace period for the worker.
    expect(await restartSandbox(rotation.id)).toEqual({ moto: true, standins: true, statusAfterSeed: "waiting" });

    expect(await finished(rotation.id)).toMatchObject({ status: "succeeded", error: null });
    const keys = await iamKeys(ACCOUNT, USER);
    expect(keys).toEqual([{ accessKeyId: rotation.newKey, status: "Active" }]); // the old key deleted
    const held = await githubKey();
    expect(held).toEqual(pushed); // GitHub still holds the new key, secret and all
    expect(await moto.keyIsValid(ACCOUNT, held)).toBe(true);
  });

  it("fails a rotation clearly when the sandbox lost its state, and pushes a fresh key", async () => {
    const rotation = await rotationInGrace();
    expect(await restartSandbox(rotation.id, true)).toEqual({ moto: false, standins: false, statusAfterSeed: "failed" });

    const state = await finished(rotation.id);
    expect(state.status).toBe("failed");
    expect(state.error).toMatch(/sandbox restarted while this rotation was under way.*state was lost/);
    // The integration works again: the seed made one key and GitHub holds it.
    const keys = await iamKeys(ACCOUNT, USER);
    expect(keys).toHaveLength(1);
    expect(keys.map((k) => k.accessKeyId)).not.toContain(rotation.newKey);
    const held = await githubKey();
    expect(held.accessKeyId).toBe(keys[0]!.accessKeyId);
    expect(await moto.keyIsValid(ACCOUNT, held)).toBe(true);
  });
});
