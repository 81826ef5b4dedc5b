import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveRequest } from "@/lib/approvals/decide";
import { createExternalAccessRequest } from "@/lib/approvals/external";
import type { Provisioning } from "@/lib/approvals/provisioning";
import type { UserCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { stopBoss } from "@/lib/jobs/boss";
import { CrashWorkers, waitFor } from "./crash-workers";
import { makeUser } from "./helpers";
import { ACCOUNT, heldByTarget, keyIsValid, keysOf, targetFixture } from "./rotation-helpers";

// Provisioning delivers a new user's first key through the rotation machine, so it gets
// the same proof: a real worker is SIGKILLed right after each step of that delivery, then
// a fresh worker starts. The request must end provisioned, the user with exactly one
// active key that the target holds and that works, and the integration in place.

const workers = new CrashWorkers("test-provisioning-crash-worker.log");
let alice: UserCaller;
let mona: UserCaller;

beforeAll(async () => {
  alice = await makeUser("crash-requester", ["engineering"]);
  mona = await makeUser("crash-approver", ["engineering", "eng-managers"]);
});
afterAll(async () => {
  await workers.stopAll();
  await stopBoss();
});

const FIRST_KEY_STEPS = ["check", "create_key", "propagate", "push", "verify"];
const cases = [...FIRST_KEY_STEPS, "create_key:started", "push:started", "verify:started"];

describe("provisioning: SIGKILL of the worker after each step of the first key's delivery, then a fresh worker", () => {
  for (const crashAfter of cases) {
    it(`killed after ${crashAfter}`, { timeout: 180_000 }, async () => {
      const fixture = await targetFixture("gitlab");
      const r = await createExternalAccessRequest(alice, {
        kind: "EXTERNAL_ACCESS",
        serviceName: `crash ${crashAfter} ${fixture.name}`,
        accountId: ACCOUNT,
        targetType: fixture.type,
        targetSettings: fixture.settings,
        ...(fixture.token ? { targetToken: fixture.token } : {}),
        managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        justification: "CI deploys the service from GitLab",
        ownerEmail: alice.email,
        rotationIntervalDays: 30,
      });
      await approveRequest(mona, r.id, "ok"); // queues the provisioning job

      // No rotation id yet: the only rotation running is this request's first key.
      await workers.crash(crashAfter);
      const crashed = await db().accessRequest.findUniqueOrThrow({ where: { id: r.id }, select: { status: true, provisioning: true } });
      expect(crashed.status).toBe("PROVISIONING");
      const userName = (crashed.provisioning as Provisioning).userName;
      expect((await keysOf(userName)).length).toBeLessThanOrEqual(2);

      const healthy = workers.spawn();
      const done = await waitFor(
        "the request to be settled",
        async () => {
          const row = await db().accessRequest.findUniqueOrThrow({
            where: { id: r.id },
            select: { status: true, provisioning: true, integrationId: true },
          });
          return row.status === "PROVISIONED" || row.status === "FAILED" ? row : null;
        },
        150_000,
      ).finally(() => healthy.stop());
      const p = done.provisioning as Provisioning;
      expect(done.status, p.error).toBe("PROVISIONED");
      const keys = await keysOf(userName);
      expect(keys).toHaveLength(1);
      expect(keys[0]!.status).toBe("Active");
      const held = await heldByTarget(fixture);
      expect(held?.accessKeyId).toBe(keys[0]!.accessKeyId);
      expect(await keyIsValid(held)).toBe(true);
      const rotation = await db().rotation.findUniqueOrThrow({ where: { id: p.rotationId ?? "" } });
      expect(rotation).toMatchObject({ trigger: "provisioning", status: "succeeded", integrationId: done.integrationId });
      const [step, status = "done"] = crashAfter.split(":");
      expect(
        await db().rotationStep.count({ where: { rotationId: rotation.id, step, status: status as "done" | "started" } }),
      ).toBeGreaterThan(0);
      // The request page's record shows the delivery's steps.
      expect(p.steps.map((s) => s.step)).toEqual(
        expect.arrayContaining(["create_user", "attach_policies", "register_integration", "verify"]),
      );
    });
  }
});
