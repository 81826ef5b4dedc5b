import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_GROUPS, closeTestDb, signedIn, type Client } from "./support/api";
import {
  ensureAwsAccount,
  FINISHED,
  iamKeys,
  rotationDetail,
  rotationOutcome,
  startRotationVia,
  webhookIntegration,
  heldKey,
  removeAwsAccount,
} from "./support/integrations";
import { applyChanges, inventorySnapshot, seedDataset, syncAll } from "./support/inventory";
import { AWS_STORM, moto, newAccountId } from "./support/moto";
import { startApp, startWorker, stopAll, workerReady, type App } from "./support/processes";
import { waitFor } from "./support/wait";

// AWS answers 30% of calls (every service, every account) with throttling or a 5xx, as a
// bad day in a big organisation would. A sync and a rotation must end exactly as they do
// on a quiet day: the product retries, it does not give up or record half a picture.
//
// The inventory is compared account against account: the same users and keys are seeded
// into a "clean" account A and a "stormy" account B (key ids differ by one letter, which
// the snapshot normalises away). A is synced on a quiet AWS; B is added and synced during
// the storm (A too, which must come out unchanged). Then the same changes are made in both
// and the comparison repeated.

const A = newAccountId();
const B = newAccountId();
const ROTATIONS = newAccountId();
const USERS = 60;

let app: App;
let admin: Client;
const now = Date.now();

beforeAll(async () => {
  await moto.clearFaults();
  app = await startApp();
  const worker = startWorker();
  await workerReady(worker);
  admin = await signedIn("faults-admin", ADMIN_GROUPS);
  // The same name too: it is part of what the keys API returns.
  await ensureAwsAccount(A, "Reliability twin");
  await seedDataset(A, "A", USERS, now);
  await seedDataset(B, "B", USERS, now);
});

afterAll(async () => {
  await removeAwsAccount(A);
  await removeAwsAccount(B);
  await moto.clearFaults();
  await stopAll();
  await closeTestDb();
});

async function stormySync() {
  await moto.resetStats();
  const storm = await moto.addFault(AWS_STORM);
  try {
    const run = await syncAll(admin, app);
    const [fault] = await moto.faults();
    const stats = await moto.stats();
    return { run, injected: fault?.injected ?? 0, byError: fault?.injectedByError ?? {}, calls: stats.total };
  } finally {
    await moto.clearFaults();
    void storm;
  }
}

function expectAStorm(s: { injected: number; calls: number }) {
  // The faults really happened, at about the rate asked.
  expect(s.injected).toBeGreaterThan(30);
  expect(s.injected / s.calls).toBeGreaterThan(0.2);
  expect(s.injected / s.calls).toBeLessThan(0.4);
}

describe("AWS throttling and 5xx on 30% of calls", () => {
  it("a sync in the storm records exactly what a sync on a quiet day records", async () => {
    const clean = await syncAll(admin, app);
    expect(clean.status, JSON.stringify(clean.errors)).toBe("succeeded");
    const quietA = await inventorySnapshot(admin, app, A, "A");
    expect(quietA.keys.length).toBeGreaterThan(50);
    expect(quietA.api.length).toBe(quietA.keys.length);

    await ensureAwsAccount(B, "Reliability twin");
    const storm = await stormySync();
    expect(storm.run.status, JSON.stringify(storm.run.errors)).toBe("succeeded");
    expectAStorm(storm);
    expect(Object.keys(storm.byError).length).toBeGreaterThan(1); // throttling and 5xx, mixed

    expect(await inventorySnapshot(admin, app, B, "B")).toEqual(quietA);
    expect(await inventorySnapshot(admin, app, A, "A")).toEqual(quietA); // a re-sync in the storm changes nothing
  });

  it("after the same changes in both accounts (keys deleted, deactivated, re-tagged, new users), the storm still changes nothing", async () => {
    await applyChanges(A, "A", USERS, now);
    const clean = await syncAll(admin, app);
    expect(clean.status, JSON.stringify(clean.errors)).toBe("succeeded");
    const quietA = await inventorySnapshot(admin, app, A, "A");
    const history = quietA.keys.flatMap((k) => k.history as { kind: string }[]).map((e) => e.kind);
    expect(history).toEqual(expect.arrayContaining(["discovered", "status_changed", "deleted"]));

    await applyChanges(B, "B", USERS, now);
    const storm = await stormySync();
    expect(storm.run.status, JSON.stringify(storm.run.errors)).toBe("succeeded");
    expectAStorm(storm);
    expect(await inventorySnapshot(admin, app, B, "B")).toEqual(quietA);
    expect(await inventorySnapshot(admin, app, A, "A")).toEqual(quietA);
  });

  async function rotateToTheEnd(integrationId: string) {
    const rotationId = await startRotationVia(admin, app.url, integrationId);
    return waitFor(
      "the rotation to finish",
      async () => {
        const d = await rotationDetail(admin, app.url, rotationId);
        return FINISHED.includes(d.state.status) ? d : null;
      },
      240_000,
    );
  }

  it("a rotation in the storm ends as a rotation on a quiet day does", async () => {
    await ensureAwsAccount(ROTATIONS, "Reliability rotations");
    const quiet = await webhookIntegration(admin, app.url, { accountId: ROTATIONS, label: "quiet" });
    const stormy = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => webhookIntegration(admin, app.url, { accountId: ROTATIONS, label: `stormy${n}` })),
    );
    const quietOutcome = await rotationOutcome(quiet, await rotateToTheEnd(quiet.id));
    expect(quietOutcome).toMatchObject({
      status: "succeeded",
      keys: ["Active"],
      oldKeyAtAws: false,
      serviceHoldsTheActiveKey: true,
      serviceKeyWorks: true,
    });

    await moto.addFault(AWS_STORM);
    let injected = 0;
    try {
      // Six at once: about fifty AWS calls (a rotation makes eight or so), so the storm
      // hits every kind of step.
      const details = await Promise.all(stormy.map((t) => rotateToTheEnd(t.id)));
      injected = (await moto.faults())[0]?.injected ?? 0;
      await moto.clearFaults();
      for (const [i, t] of stormy.entries()) expect(await rotationOutcome(t, details[i]!)).toEqual(quietOutcome);
    } finally {
      await moto.clearFaults();
    }
    expect(injected).toBeGreaterThan(3);
  });

  it("in the storm, a grace period keeps the old key inactive until it ends, then deletes it", async () => {
    const t = await webhookIntegration(admin, app.url, { accountId: ROTATIONS, label: "grace", graceSeconds: 20 });
    await moto.addFault(AWS_STORM);
    try {
      const rotationId = await startRotationVia(admin, app.url, t.id);
      const waiting = await waitFor(
        "the grace period",
        async () => {
          const d = await rotationDetail(admin, app.url, rotationId);
          if (FINISHED.includes(d.state.status)) throw new Error(`finished early: ${d.state.status} ${d.state.error}`);
          return d.state.status === "waiting" ? d : null;
        },
        180_000,
      );
      const during = await iamKeys(t.accountId, t.userName);
      expect(during.find((k) => k.accessKeyId === t.firstKeyId)?.status).toBe("Inactive");
      expect(during.filter((k) => k.status === "Active")).toHaveLength(1);
      expect((await heldKey(t)).works).toBe(true);
      expect(new Date(waiting.state.graceUntil ?? 0).getTime()).toBeGreaterThan(Date.now() - 60_000);

      const done = await waitFor(
        "the rotation to finish after the grace period",
        async () => {
          const d = await rotationDetail(admin, app.url, rotationId);
          return FINISHED.includes(d.state.status) ? d : null;
        },
        240_000,
      );
      expect(await rotationOutcome(t, done)).toMatchObject({
        status: "succeeded",
        keys: ["Active"],
        oldKeyAtAws: false,
        serviceHoldsTheActiveKey: true,
        serviceKeyWorks: true,
      });
    } finally {
      await moto.clearFaults();
    }
  });
});
