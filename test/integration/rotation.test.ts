import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserCaller } from "@/lib/auth/caller";
import { accountCredentials } from "@/lib/aws/iam-keys";
import { db } from "@/lib/db";
import { stopBoss } from "@/lib/jobs/boss";
import { startRotation } from "@/lib/rotation/start";
import { rotationsNeedingAttention } from "@/lib/rotation/queries";
import { TARGET_TYPES } from "@/lib/targets";
import { makeUser, motoUrl } from "./helpers";
import {
  ACCOUNT,
  heldByTarget,
  keyIsValid,
  keysOf,
  rotationRow,
  runUntilDone,
  setLastUsed,
  setupIntegration,
  type Setup,
} from "./rotation-helpers";

// Rotations end to end against moto, Postgres and the stand-ins, driving the job handler
// directly (no worker in this phase): the outcome at AWS and at the target.

let admin: UserCaller;
beforeAll(async () => {
  admin = await makeUser("rotation-admin", ["aws-admins"]);
});
afterAll(async () => {
  await stopBoss();
});

async function secretsManagerHolds(s: Setup) {
  const sm = new SecretsManagerClient({ endpoint: motoUrl, region: "us-east-1", credentials: await accountCredentials(ACCOUNT) });
  const out = await sm.send(new GetSecretValueCommand({ SecretId: String(s.fixture.settings.secretId) }));
  sm.destroy();
  const v = JSON.parse(out.SecretString ?? "{}") as { AccessKeyId?: string; SecretAccessKey?: string };
  return { accessKeyId: v.AccessKeyId, secretAccessKey: v.SecretAccessKey };
}

const holds = (s: Setup) => (s.fixture.type === "secrets_manager" ? secretsManagerHolds(s) : heldByTarget(s.fixture));

describe("a rotation, for every target type", () => {
  for (const type of TARGET_TYPES) {
    it(`${type}: ends with exactly one active key at AWS, which the target holds and which works`, async () => {
      const s = await setupIntegration(admin, type);
      const { rotationId } = await startRotation(admin, s.integrationId, "manual");
      const done = await runUntilDone(rotationId);
      expect(done.status, done.error ?? "").toBe("succeeded");
      const keys = await keysOf(s.userName);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({ accessKeyId: done.newAccessKeyId, status: "Active" });
      expect(keys[0]!.accessKeyId).not.toBe(s.firstKey.accessKeyId);
      const held = await holds(s);
      expect(held?.accessKeyId).toBe(done.newAccessKeyId);
      expect(await keyIsValid(held)).toBe(true);
    });
  }
});

describe("the grace period", () => {
  it("keeps the old key inactive until the grace period ends, then deletes it", async () => {
    const s = await setupIntegration(admin, "gitlab", { graceSeconds: 2 });
    const { rotationId } = await startRotation(admin, s.integrationId, "manual");
    await runUntilDone(rotationId, 1);
    const waiting = await rotationRow(rotationId);
    expect(waiting.status).toBe("waiting");
    expect(waiting.graceUntil!.getTime() - waiting.deactivatedAt!.getTime()).toBe(2000);
    const during = await keysOf(s.userName);
    expect(during.find((k) => k.accessKeyId === s.firstKey.accessKeyId)?.status).toBe("Inactive");
    expect(during.find((k) => k.accessKeyId === waiting.newAccessKeyId)?.status).toBe("Active");
    expect(await keyIsValid(await heldByTarget(s.fixture))).toBe(true);
    // The handler queued its own wake-up for the end of the grace period.
    expect(waiting.jobId).toBeTruthy();

    await new Promise((r) => setTimeout(r, waiting.graceUntil!.getTime() - Date.now() + 50)); // as the wake-up job would
    const done = await runUntilDone(rotationId);
    expect(done.status).toBe("succeeded");
    expect((await keysOf(s.userName)).map((k) => k.accessKeyId)).toEqual([done.newAccessKeyId]);
    const steps = await db().rotationStep.findMany({
      where: { rotationId, status: "done" },
      orderBy: { id: "asc" },
      select: { step: true },
    });
    expect(steps.map((x) => x.step)).toEqual([
      "check",
      "create_key",
      "propagate",
      "push",
      "verify",
      "deactivate_old",
      "grace",
      "delete_old",
    ]);
    const audited = await db().auditEvent.count({ where: { action: "rotation.step", targetId: s.integrationId } });
    expect(audited).toBe(await db().rotationStep.count({ where: { rotationId } }));
    const [chain] = await db().$queryRaw<{ first_bad_id: bigint | null }[]>`SELECT * FROM keyless_audit_verify()`;
    expect(chain?.first_bad_id).toBeNull(); // the step entries chain like every other
    const integration = await db().integration.findUniqueOrThrow({ where: { id: s.integrationId } });
    expect(integration.lastRotatedAt).toEqual(done.finishedAt);
    expect(integration.nextRotationAt!.getTime() - done.finishedAt!.getTime()).toBe(30 * 86_400_000);
  });

  it("keeps an old key that was used during the grace period, warns, and the next rotation clears it", async () => {
    const s = await setupIntegration(admin, "gitlab", { graceSeconds: 1 });
    const { rotationId } = await startRotation(admin, s.integrationId, "manual");
    await runUntilDone(rotationId, 1);
    await setLastUsed(s.userName, s.firstKey.accessKeyId, new Date(Date.now() + 500));
    const done = await runUntilDone(rotationId);
    expect(done.status).toBe("succeeded");
    expect(done.warning).toContain(`The old key ${s.firstKey.accessKeyId} was used at`);
    expect((await keysOf(s.userName)).find((k) => k.accessKeyId === s.firstKey.accessKeyId)?.status).toBe("Inactive");
    expect((await rotationsNeedingAttention(admin)).map((a) => a.rotationId)).toContain(rotationId);

    // The next rotation deletes that inactive leftover first, and clears the banner.
    const next = await startRotation(admin, s.integrationId, "manual");
    await db().integration.update({ where: { id: s.integrationId }, data: { graceSeconds: 0 } });
    const second = await runUntilDone(next.rotationId);
    expect(second.status).toBe("succeeded");
    expect(await keysOf(s.userName)).toHaveLength(1);
    expect((await rotationsNeedingAttention(admin)).map((a) => a.integrationId)).not.toContain(s.integrationId);
  });
});

describe("the two-keys limit and preconditions", () => {
  it("deletes an inactive leftover first, and never holds more than two keys", async () => {
    const s = await setupIntegration(admin, "gitlab", { leftover: true });
    expect(await keysOf(s.userName)).toHaveLength(2);
    const { rotationId } = await startRotation(admin, s.integrationId, "manual");
    const done = await runUntilDone(rotationId);
    expect(done.status).toBe("succeeded");
    expect(await keysOf(s.userName)).toHaveLength(1);
    const check = await db().rotationStep.findFirstOrThrow({ where: { rotationId, step: "check", status: "done" } });
    expect(check.detail).toContain("deleted inactive leftover");
  });

  it("refuses a user with two active keys and creates nothing", async () => {
    const s = await setupIntegration(admin, "webhook");
    const { createAccessKey } = await import("@/lib/aws/iam-keys");
    await createAccessKey({ accountId: ACCOUNT, userName: s.userName });
    const { rotationId } = await startRotation(admin, s.integrationId, "manual");
    const done = await runUntilDone(rotationId);
    expect(done.status).toBe("failed");
    expect(done.error).toContain("2 active keys");
    expect(await keysOf(s.userName)).toHaveLength(2);
  });

  it("refuses when the target holds a key other than the user's active one", async () => {
    const s = await setupIntegration(admin, "gitlab", { push: false });
    const { bindTarget } = await import("@/lib/targets");
    await bindTarget("gitlab", (await db().integration.findUniqueOrThrow({ where: { id: s.integrationId } })).targetSettings).write(
      { token: s.fixture.token },
      { accessKeyId: "AKIAFOREIGNKEY000001", secretAccessKey: "x".repeat(40) },
    );
    const done = await runUntilDone((await startRotation(admin, s.integrationId, "manual")).rotationId);
    expect(done.status).toBe("failed");
    expect(done.error).toContain("The target holds AKIAFOREIGNKEY000001");
  });
});
