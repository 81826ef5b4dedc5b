import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { stopBoss } from "@/lib/jobs/boss";
import { rotationRunJob } from "@/lib/jobs/definitions/rotation-run";
import { jobState } from "@/lib/jobs/inspect";
import { STEPS } from "@/lib/rotation/ports";
import { startRotation } from "@/lib/rotation/start";
import type { TargetType } from "@/lib/targets";
import { CrashWorkers, waitFor } from "./crash-workers";
import { makeUser } from "./helpers";
import { databaseText, heldByTarget, keyIsValid, keysOf, rotationRow, setupIntegration } from "./rotation-helpers";

// Kills a real worker process with SIGKILL right after it recorded each step of a
// rotation, then starts a fresh worker: the rotation must finish with one working key,
// held by the target, and never more than two keys at AWS. The hook is injected by the
// tests' worker entry (test/support/crash-worker.ts, through ./crash-workers.ts).

const workers = new CrashWorkers("test-rotation-crash-worker.log");
const tokens: string[] = [];
let admin: UserCaller;

beforeAll(async () => {
  admin = await makeUser("crash-admin", ["aws-admins"]);
});
afterAll(async () => {
  await workers.stopAll();
  await stopBoss();
});

type Case = { type: TargetType; crashAfter: string };
const cases: Case[] = [
  ...STEPS.map((step) => ({ type: "gitlab" as const, crashAfter: step })),
  ...STEPS.map((step) => ({ type: "gitlab" as const, crashAfter: `${step}:started` })).filter((c) =>
    ["create_key", "push", "deactivate_old", "delete_old"].some((s) => c.crashAfter.startsWith(s)),
  ),
  { type: "webhook", crashAfter: "push:started" },
  { type: "webhook", crashAfter: "push" },
  { type: "webhook", crashAfter: "create_key" },
];

describe("SIGKILL of the worker after each step, then a fresh worker", () => {
  for (const c of cases) {
    it(`${c.type}: killed after ${c.crashAfter}`, { timeout: 120_000 }, async () => {
      const s = await setupIntegration(admin, c.type, { graceSeconds: 0 });
      if (s.fixture.token) tokens.push(s.fixture.token);
      const { rotationId } = await startRotation(admin, s.integrationId, "manual");

      await workers.crash(`${c.crashAfter}@${rotationId}`);
      const [step, status = "done"] = c.crashAfter.split(":");
      const crashed = await rotationRow(rotationId);
      expect(crashed.status === "running" || crashed.status === "succeeded").toBe(true);

      // At the moment of the crash: at most two keys, and the target has a working one
      // (a webhook receiver that has had no delivery yet still holds the first key).
      expect((await keysOf(s.userName)).length).toBeLessThanOrEqual(2);
      const heldAtCrash = (await heldByTarget(s.fixture)) ?? s.firstKey;
      expect(await keyIsValid(heldAtCrash)).toBe(true);

      const healthy = workers.spawn();
      const done = await waitFor("the rotation to finish", async () => {
        const r = await rotationRow(rotationId);
        return r.status !== "running" && r.status !== "waiting" ? r : null;
      })
        // Killed after the last record: the job it left "active" must be released, or it
        // would hold the integration's slot in the queue until it expired.
        .then((r) =>
          waitFor("the dead worker's job to be released", async () =>
            (await jobState(rotationRunJob, r.jobId ?? "")) !== "active" ? r : null,
          ),
        )
        .finally(() => healthy.stop());
      expect(done.status, done.error ?? "").toBe("succeeded");
      const keys = await keysOf(s.userName);
      expect(keys).toHaveLength(1);
      expect(keys[0]!.status).toBe("Active");
      const held = await heldByTarget(s.fixture);
      expect(held?.accessKeyId).toBe(keys[0]!.accessKeyId);
      expect(await keyIsValid(held)).toBe(true);
      expect(await db().rotationStep.count({ where: { rotationId, step, status: status as "done" | "started" } })).toBeGreaterThan(0);
    });
  }

  it("no secret reached the database or the workers' logs", async () => {
    const { standins, STANDIN_TOKENS } = await import("./targets-helpers");
    const state = await standins.state();
    const secrets = [
      ...Object.values(state.gitlab).flatMap((p) => p.variables.filter((v) => v.key === "AWS_SECRET_ACCESS_KEY").map((v) => v.value)),
      ...Object.values(state.webhooks).flatMap((w) =>
        w.deliveries.map((d) => d.secretAccessKey).filter((x): x is string => typeof x === "string"),
      ),
      STANDIN_TOKENS.gitlab,
      ...tokens,
    ];
    expect(secrets.length).toBeGreaterThan(cases.length);
    const dump = await databaseText();
    const logText = workers.logs.join("\n");
    expect(workers.logs.length).toBeGreaterThan(50);
    for (const secret of secrets) {
      expect(dump.includes(secret), "a secret is in the database").toBe(false);
      expect(logText.includes(secret), "a secret is in the worker logs").toBe(false);
    }
  });
});
