import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_GROUPS, closeTestDb, signedIn, testDb, type Client } from "./support/api";
import {
  deliveries,
  ensureAwsAccount,
  iamKeys,
  heldKey,
  rotationsOf,
  webhookIntegration,
  type TestIntegration,
} from "./support/integrations";
import { newAccountId } from "./support/moto";
import { startApp, startWorker, stopAll, unhandled, workerReady, type App, type Worker } from "./support/processes";
import { sandbox, standins } from "./support/env";
import { waitFor } from "./support/wait";

// Two app processes and two workers on one database, as several replicas behind a load
// balancer would run (docs/deployment.md). Rotations are asked for many times at once,
// through both apps, several times per integration, in several rounds. What must hold:
// - no rotation runs twice: each rotation's steps are recorded once each, and the
//   service received exactly one write per rotation, carrying that rotation's new key;
// - never two at once for one integration: its rotations' [start, finish] intervals do
//   not overlap, and AWS never held more than the two keys a rotation needs;
// - the same holds when pg-boss delivers a rotation's job more than once, to both workers;
// - every request was answered (202 with the rotation under way, or a clear 409), and
//   every integration ends with one active key that its service holds and that works.

const ACCOUNT = newAccountId();
const INTEGRATIONS = 5;
const ROUNDS = 3;
const REQUESTS_PER_APP = 3;
const STEPS_OF_A_ROTATION = ["create_key", "propagate", "push", "verify", "deactivate_old", "delete_old"];

let apps: App[];
let workers: Worker[];
let admin: Client;
let integrations: TestIntegration[];

beforeAll(async () => {
  apps = await Promise.all([startApp(sandbox.appPort), startApp(sandbox.secondAppPort)]);
  workers = [startWorker(), startWorker()];
  await Promise.all(workers.map((w) => workerReady(w)));
  admin = await signedIn("multi-admin", ADMIN_GROUPS);
  await ensureAwsAccount(ACCOUNT, "Reliability several instances");
  integrations = [];
  for (let i = 0; i < INTEGRATIONS; i++)
    integrations.push(await webhookIntegration(admin, apps[i % 2]!.url, { accountId: ACCOUNT, label: `multi${i}` }));
});

afterAll(async () => {
  await standins.clearFaults();
  await stopAll();
  await closeTestDb();
});

async function allFinished(): Promise<boolean> {
  const { rows } = await testDb().query<{ n: string }>(
    `SELECT count(*) AS n FROM rotations WHERE integration_id = ANY($1) AND status IN ('running', 'waiting')`,
    [integrations.map((t) => t.id)],
  );
  return Number(rows[0]?.n) === 0;
}

describe("two apps and two workers on one database", () => {
  it("never run the same rotation twice, nor two rotations of one integration at once", async () => {
    const answers: { status: number; contentType: string; integrationId: string; rotationId?: string }[] = [];
    /** "Rotate now" for integration `t` through `app`, its answer recorded. */
    const rotate = async (app: App, t: TestIntegration) => {
      const r = await admin.post<{ rotationId: string }>(app.url, `/api/v1/integrations/${t.id}/rotate`, {});
      answers.push({
        status: r.status,
        contentType: r.contentType,
        integrationId: t.id,
        rotationId: r.status === 202 ? r.body.rotationId : undefined,
      });
    };
    const duplicates: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const requests = integrations.flatMap((t) => apps.flatMap((app) => Array.from({ length: REQUESTS_PER_APP }, () => rotate(app, t))));
      if (round === 1) {
        // This round the services answer slowly, so the rotations are under way for a while:
        // more requests arrive through both apps meanwhile, and each rotation's job is
        // delivered twice more (as pg-boss may: a retry after expiry, a recovery pass), free
        // for either worker to take at once. Only the integration's lock stands in the way.
        for (const t of integrations)
          await standins.fault({ path: `/webhook/${t.receiver}`, method: "POST", action: "delay", delayMs: 3_000, count: 1 });
      }
      await Promise.all(requests);
      if (round === 1) {
        const running = await waitFor(
          "a rotation under way for every integration",
          async () => {
            const { rows } = await testDb().query<{ id: string }>(
              `SELECT id FROM rotations WHERE integration_id = ANY($1) AND status = 'running'`,
              [integrations.map((t) => t.id)],
            );
            return rows.length === INTEGRATIONS ? rows : null;
          },
          60_000,
          100,
        );
        for (const r of running) {
          const { rows } = await testDb().query<{ id: string }>(
            `INSERT INTO pgboss.job (name, data) SELECT 'rotation-run', jsonb_build_object('rotationId', $1::text) FROM generate_series(1, 2) RETURNING id`,
            [r.id],
          );
          duplicates.push(...rows.map((j) => j.id));
        }
        await Promise.all(integrations.flatMap((t) => apps.map((app) => rotate(app, t))));
      }
      await waitFor(`round ${round + 1}'s rotations to finish`, allFinished, 180_000, 500);
    }
    await standins.clearFaults();
    // The extra deliveries were taken and ended (finding the rotation busy or finished).
    await waitFor(
      "the duplicate jobs to be done",
      async () => {
        const { rows } = await testDb().query<{ n: string }>(
          `SELECT count(*) AS n FROM pgboss.job WHERE id = ANY($1::uuid[]) AND state = 'completed'`,
          [duplicates],
        );
        return Number(rows[0]?.n) === duplicates.length;
      },
      120_000,
      500,
    );

    // Every request answered: the rotation under way (202) or a clear conflict (409).
    expect(answers).toHaveLength(ROUNDS * INTEGRATIONS * 2 * REQUESTS_PER_APP + INTEGRATIONS * 2);
    const odd = answers.filter((a) => !(a.status === 202 || (a.status === 409 && a.contentType.startsWith("application/problem+json"))));
    expect(odd).toEqual([]);

    const { rows: starts } = await testDb().query<{ rotation_id: string; n: string }>(
      `SELECT details->>'rotationId' AS rotation_id, count(*) AS n FROM audit_events WHERE action = 'rotation.start' AND target_id = ANY($1) GROUP BY 1`,
      [integrations.map((t) => t.id)],
    );
    const startAudits = new Map(starts.map((s) => [s.rotation_id, Number(s.n)]));

    let total = 0;
    for (const t of integrations) {
      const rotations = await rotationsOf(t.id);
      total += rotations.length;
      // At least one rotation per round; many requests, far fewer rotations.
      expect(rotations.length).toBeGreaterThanOrEqual(ROUNDS);
      expect(rotations.length).toBeLessThan(ROUNDS * 2 * REQUESTS_PER_APP);
      const answered = new Set(answers.filter((a) => a.integrationId === t.id && a.rotationId).map((a) => a.rotationId));
      expect([...answered].sort()).toEqual(rotations.map((r) => r.id).sort());

      for (const [i, r] of rotations.entries()) {
        expect(r.status, r.error ?? "").toBe("succeeded");
        // Ran once: one start, and each step started and done exactly once.
        expect(startAudits.get(r.id)).toBe(1);
        const { rows: steps } = await testDb().query<{ step: string; status: string; n: string }>(
          `SELECT step, status::text, count(*) AS n FROM rotation_steps WHERE rotation_id = $1 GROUP BY 1, 2`,
          [r.id],
        );
        const done = steps.filter((s) => s.status === "done");
        expect(done.map((s) => s.step).sort()).toEqual(expect.arrayContaining(STEPS_OF_A_ROTATION));
        for (const s of steps) expect(Number(s.n), `${r.id} ${s.step} ${s.status}`).toBe(1);
        // Never two at once: this one started after the previous one finished.
        const previous = rotations[i - 1];
        if (previous) expect(r.started_at.getTime()).toBeGreaterThanOrEqual(previous.finished_at!.getTime());
      }

      // The service received one write per rotation, in order, each with that rotation's new key.
      const writes = await deliveries(t.receiver);
      expect(writes.map((d) => d.accessKeyId)).toEqual(rotations.map((r) => r.new_access_key_id));
      const keys = await iamKeys(t.accountId, t.userName);
      expect(keys.map((k) => k.status)).toEqual(["Active"]);
      expect(await heldKey(t)).toEqual({ accessKeyId: keys[0]!.accessKeyId, works: true });
    }

    // Both apps took requests and both workers ran rotations.
    for (const w of workers) {
      expect(unhandled(w)).toEqual([]);
      const ran = w.lines.filter((l) => l.includes('"job":"rotation-run"') && l.includes('"job done"')).length;
      expect(ran, `${w.name} rotation jobs`).toBeGreaterThan(0);
    }
    console.log(`several instances: ${answers.length} rotate requests → ${total} rotations, each run once`);
  });
});
