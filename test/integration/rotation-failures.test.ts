import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { stopBoss } from "@/lib/jobs/boss";
import { deliverRotationEvent } from "@/lib/notify/rotation";
import { rotationsNeedingAttention } from "@/lib/rotation/queries";
import { runRotationJob } from "@/lib/rotation/run";
import { startRotation } from "@/lib/rotation/start";
import { makeUser } from "./helpers";
import { heldByTarget, keyIsValid, keysOf, rotationRow, runUntilDone, setupIntegration } from "./rotation-helpers";
import { standins, STANDIN_TOKENS } from "./targets-helpers";

// Target failures roll back, alerts go out, and one rotation per integration at a time.

const inboxUrl = process.env.KEYLESS_TEST_INBOX_URL ?? "";

let admin: UserCaller;
beforeAll(async () => {
  admin = await makeUser("rotation-failures-admin", ["aws-admins"]);
});
afterAll(async () => {
  await stopBoss();
});

async function expectRolledBack(s: Awaited<ReturnType<typeof setupIntegration>>, rotationId: string) {
  const r = await rotationRow(rotationId);
  expect(r.status, r.error ?? "").toBe("rolled_back");
  const keys = await keysOf(s.userName);
  expect(keys).toEqual([expect.objectContaining({ accessKeyId: s.firstKey.accessKeyId, status: "Active" })]);
  return r;
}

describe("a target failure rolls back", () => {
  it("a GitLab that refuses the write (403): the new key is deleted, the old one stays active and held", async () => {
    const s = await setupIntegration(admin, "gitlab");
    await standins.fault({
      path: `/gitlab/api/v4/projects/${encodeURIComponent(s.fixture.name)}/variables`,
      method: "PUT",
      status: 403,
      body: { message: "403 Forbidden" },
      count: 5,
    });
    try {
      const { rotationId } = await startRotation(admin, s.integrationId, "manual");
      await runUntilDone(rotationId);
      const r = await expectRolledBack(s, rotationId);
      expect(r.error).toContain("Pushing the new key to the target failed");
      const held = await heldByTarget(s.fixture);
      expect(held?.accessKeyId).toBe(s.firstKey.accessKeyId);
      expect(await keyIsValid(held)).toBe(true);
    } finally {
      await standins.clearFaults();
    }
  });

  it("a webhook receiver that no longer shares the signing secret: rolled back, alerted on Slack and by email", async () => {
    const s = await setupIntegration(admin, "webhook");
    await standins.webhookReceiver(s.fixture.name, "whsec_rotated_by_someone_else");
    const { rotationId } = await startRotation(admin, s.integrationId, "manual");
    await runUntilDone(rotationId);
    const r = await expectRolledBack(s, rotationId);
    expect(r.error).toContain("the receiver refused the request");
    expect(r.alertedAt).not.toBeNull(); // the alert was queued for the notify job

    const before = (await standins.state()).slack.length;
    await deliverRotationEvent("rotation.failed", rotationId);
    const slack = (await standins.state()).slack.slice(before).map((m) => JSON.stringify(m.payload));
    expect(slack.some((m) => m.includes("Rotation rolled back") || m.includes(s.userName))).toBe(true);
    const mail = (await (await fetch(`${inboxUrl}/messages.json`)).json()) as { to: string[]; subject: string; text: string }[];
    const alert = mail.filter((m) => m.subject.startsWith("Rotation rolled back") && m.text.includes(s.userName));
    expect(alert.flatMap((m) => m.to)).toEqual(expect.arrayContaining(["owner@example.com", admin.email]));
    expect((await rotationsNeedingAttention(admin)).find((a) => a.rotationId === rotationId)?.status).toBe("rolled_back");
  });

  it("a revoked GitLab token fails the check before anything is created", async () => {
    const s = await setupIntegration(admin, "gitlab");
    await standins.revokeToken("gitlab", STANDIN_TOKENS.gitlab);
    try {
      const done = await runUntilDone((await startRotation(admin, s.integrationId, "manual")).rotationId);
      expect(done.status).toBe("failed");
      expect(done.error).toContain("Could not ask the target which key it holds");
      expect(await keysOf(s.userName)).toHaveLength(1);
    } finally {
      await standins.addToken("gitlab", STANDIN_TOKENS.gitlab);
    }
  });
});

describe("one rotation per integration at a time", () => {
  it("two concurrent rotate calls give one rotation", async () => {
    const s = await setupIntegration(admin, "gitlab");
    const results = await Promise.all([1, 2, 3, 4].map(() => startRotation(admin, s.integrationId, "manual")));
    expect(new Set(results.map((r) => r.rotationId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db().rotation.count({ where: { integrationId: s.integrationId } })).toBe(1);
  });

  it("two handlers racing on one rotation run it once", async () => {
    const s = await setupIntegration(admin, "gitlab");
    const { rotationId } = await startRotation(admin, s.integrationId, "manual");
    await Promise.all([
      runRotationJob(rotationId, { retryCount: 0, retryLimit: 5 }),
      runRotationJob(rotationId, { retryCount: 0, retryLimit: 5 }),
    ]);
    const done = await rotationRow(rotationId);
    expect(done.status).toBe("succeeded");
    expect(await db().rotationStep.count({ where: { rotationId, step: "create_key", status: "done" } })).toBe(1);
    expect(await keysOf(s.userName)).toHaveLength(1);
  });
});
