import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { stopBoss } from "@/lib/jobs/boss";
import { rotationRunJob } from "@/lib/jobs/definitions/rotation-run";
import { jobState } from "@/lib/jobs/inspect";
import { STEPS } from "@/lib/rotation/ports";
import { startRotation } from "@/lib/rotation/start";
import type { TargetType } from "@/lib/targets";
import { startProcess, workerArgs, type ManagedProcess } from "../../scripts/sandbox/app-process";
import { sandboxPath } from "../../scripts/sandbox/shared";
import { makeUser } from "./helpers";
import { databaseText, heldByTarget, keyIsValid, keysOf, rotationRow, setupIntegration } from "./rotation-helpers";

// Kills a real worker process with SIGKILL right after it recorded each step of a
// rotation, then starts a fresh worker: the rotation must finish with one working key,
// held by the target, and never more than two keys at AWS. The test hook is
// KEYLESS_TEST_CRASH_AFTER_STEP (lib/rotation/crash-hook.ts, honoured only when NODE_ENV=test).

const logs: string[] = [];
const tokens: string[] = [];
const workers: ManagedProcess[] = [];
let admin: UserCaller;

function spawnWorker(extraEnv: Record<string, string> = {}): ManagedProcess {
  const w = startProcess(
    "worker",
    workerArgs,
    { LOG_LEVEL: "debug", ...extraEnv },
    { logFile: sandboxPath("logs", "test-rotation-crash-worker.log"), onLine: (l) => logs.push(l) },
  );
  workers.push(w);
  return w;
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  admin = await makeUser("crash-admin", ["aws-admins"]);
});
afterAll(async () => {
  for (const w of workers) await w.stop();
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

      const doomed = spawnWorker({ KEYLESS_TEST_CRASH_AFTER_STEP: `${c.crashAfter}@${rotationId}` });
      await Promise.race([doomed.exited, new Promise((_, no) => setTimeout(() => no(new Error("the worker did not crash")), 60_000))]);
      // tsx runs the worker in a child process and exits with its status: 128 + 9 (SIGKILL).
      expect(doomed.child.signalCode === "SIGKILL" || doomed.child.exitCode === 137, `exit ${doomed.child.exitCode}`).toBe(true);
      const [step, status = "done"] = c.crashAfter.split(":");
      const crashed = await rotationRow(rotationId);
      expect(crashed.status === "running" || crashed.status === "succeeded").toBe(true);

      // At the moment of the crash: at most two keys, and the target has a working one
      // (a webhook receiver that has had no delivery yet still holds the first key).
      expect((await keysOf(s.userName)).length).toBeLessThanOrEqual(2);
      const heldAtCrash = (await heldByTarget(s.fixture)) ?? s.firstKey;
      expect(await keyIsValid(heldAtCrash)).toBe(true);

      await doomed.stop();
      const healthy = spawnWorker();
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
    const logText = logs.join("\n");
    expect(logs.length).toBeGreaterThan(50);
    for (const secret of secrets) {
      expect(dump.includes(secret), "a secret is in the database").toBe(false);
      expect(logText.includes(secret), "a secret is in the worker logs").toBe(false);
    }
  });
});
