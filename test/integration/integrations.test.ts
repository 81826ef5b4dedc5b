import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { stopBoss } from "@/lib/jobs/boss";
import { createIntegration, deleteIntegration } from "@/lib/integrations/manage";
import { getIntegration, listIntegrations } from "@/lib/integrations/queries";
import { openTargetToken } from "@/lib/targets/token";
import { updateIntegration } from "@/lib/integrations/update";
import { startRotation } from "@/lib/rotation/start";
import { startDueRotations } from "@/lib/rotation/tick";
import { makeUser } from "./helpers";
import { ACCOUNT, createIamUser, runUntilDone, setupIntegration } from "./rotation-helpers";
import { unique } from "./targets-helpers";

// The integrations data access layer: validation, the write-only token, changes while a
// rotation runs, who may do what, and the scheduler's pick of due integrations.

let admin: UserCaller;
let engineer: UserCaller;
beforeAll(async () => {
  admin = await makeUser("integrations-admin", ["aws-admins"]);
  engineer = await makeUser("integrations-engineer", ["engineering"]);
});
afterAll(async () => {
  await stopBoss();
});

const base = (userName: string) => ({
  name: unique("i"),
  accountId: ACCOUNT,
  iamUserName: userName,
  targetType: "github" as const,
  targetSettings: { owner: "acme", repo: "api" },
  targetToken: "ghp_secret_value_for_tests_0001",
  rotationIntervalDays: 30,
  graceSeconds: 3600,
  ownerEmail: "owner@example.com",
  enabled: true,
});

/** What openTargetToken needs of a row (the token column is omitted unless selected). */
const tokenColumns = { id: true, targetType: true, targetSettings: true, targetTokenEncrypted: true, targetTokenBinding: true } as const;

async function rejection(p: Promise<unknown>) {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as Error & { issues?: { path: string }[] },
  );
}

describe("creating an integration", () => {
  it("stores the token sealed to the row, shows only when it was set, and schedules the first rotation", async () => {
    const userName = unique("svc");
    await createIamUser(userName);
    const created = await createIntegration(admin, base(userName));
    // The page says which endpoint the token was given for (never the token).
    expect(created.token).toEqual({
      set: true,
      setAt: expect.any(Date) as Date,
      boundTo: "apiUrl https://api.github.com, owner acme, repo api",
    });
    expect(JSON.stringify(created)).not.toContain("ghp_secret_value_for_tests_0001");
    const row = await db().integration.findUniqueOrThrow({
      where: { id: created.id },
      select: { ...tokenColumns, nextRotationAt: true, createdAt: true },
    });
    expect(row.targetTokenEncrypted).not.toContain("ghp_");
    expect(openTargetToken(row, row.targetTokenEncrypted)).toBe("ghp_secret_value_for_tests_0001");
    expect(() => openTargetToken({ ...row, id: "another-row" }, row.targetTokenEncrypted)).toThrow(); // bound to its row
    // …and to its endpoint: recorded beside it, and part of what decrypts it.
    expect(row.targetTokenBinding).toEqual({
      type: "github",
      identity: { apiUrl: "https://api.github.com", owner: "acme", repo: "api", environment: null },
    });
    const elsewhere = { ...row, targetSettings: { ...(row.targetSettings as object), owner: "attacker" } };
    expect(() => openTargetToken(elsewhere, row.targetTokenEncrypted)).toThrow(
      /given for apiUrl https:\/\/api.github.com, owner acme, repo api/,
    );
    const forged = {
      ...elsewhere,
      targetTokenBinding: {
        type: "github",
        identity: { apiUrl: "https://api.github.com", owner: "attacker", repo: "api", environment: null },
      },
    };
    expect(() => openTargetToken(forged, row.targetTokenEncrypted)).toThrow(/does not open for this endpoint/);
    expect(Math.round((row.nextRotationAt!.getTime() - row.createdAt.getTime()) / 86_400_000)).toBe(30);
    // Defaults of the connector are stored with the settings.
    expect(created.targetSettings).toMatchObject({ apiUrl: "https://api.github.com", keyIdVariable: "KEYLESS_AWS_ACCESS_KEY_ID" });
  });

  it("answers bad input with field-level validation errors", async () => {
    const userName = unique("svc");
    await createIamUser(userName);
    const badSettings = await rejection(createIntegration(admin, { ...base(userName), targetSettings: { owner: "acme" } }));
    expect(badSettings).toBeInstanceOf(ValidationError);
    expect(badSettings.issues?.[0]?.path).toBe("targetSettings.repo");
    expect((await rejection(createIntegration(admin, { ...base(userName), targetToken: undefined }))).issues?.[0]?.path).toBe(
      "targetToken",
    );
    expect((await rejection(createIntegration(admin, { ...base("no-such-user"), name: unique("n") }))).issues?.[0]?.path).toBe(
      "iamUserName",
    );
    expect((await rejection(createIntegration(admin, { ...base(userName), accountId: "999999999999" }))).issues?.[0]?.path).toBe(
      "accountId",
    );
    await createIntegration(admin, base(userName));
    expect(await rejection(createIntegration(admin, { ...base(userName), name: unique("other") }))).toBeInstanceOf(ConflictError);
  });

  it("is for admins: an engineer may neither list, create, nor rotate", async () => {
    const some = (await listIntegrations(admin))[0]!;
    expect(await rejection(listIntegrations(engineer))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(createIntegration(engineer, base("x")))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(startRotation(engineer, some.id, "manual"))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(deleteIntegration(engineer, some.id))).toBeInstanceOf(ForbiddenError);
  });
});

describe("changing and deleting", () => {
  it("replaces the token only when one is given, and recomputes the next rotation from the interval", async () => {
    const s = await setupIntegration(admin, "gitlab");
    await updateIntegration(admin, s.integrationId, { ownerEmail: "new-owner@example.com" });
    const keep = await db().integration.findUniqueOrThrow({ where: { id: s.integrationId }, select: tokenColumns });
    expect(openTargetToken(keep, keep.targetTokenEncrypted)).toBe(s.fixture.token);
    await updateIntegration(admin, s.integrationId, { targetToken: "glpat-replaced", rotationIntervalDays: 7 });
    const changed = await db().integration.findUniqueOrThrow({
      where: { id: s.integrationId },
      select: { ...tokenColumns, nextRotationAt: true, createdAt: true },
    });
    expect(openTargetToken(changed, changed.targetTokenEncrypted)).toBe("glpat-replaced");
    expect(Math.round((changed.nextRotationAt!.getTime() - changed.createdAt.getTime()) / 86_400_000)).toBe(7);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "integration.update", targetId: s.integrationId },
      orderBy: { id: "desc" },
    });
    expect(JSON.stringify(audit.details)).not.toContain("glpat-replaced");
  });

  it("refuses to move the key's place or delete the integration while a rotation is under way", async () => {
    const s = await setupIntegration(admin, "gitlab", { graceSeconds: 3600 });
    const { rotationId } = await startRotation(admin, s.integrationId, "manual");
    await runUntilDone(rotationId, 1); // now waiting out the grace period
    const current = await getIntegration(admin, s.integrationId);
    await updateIntegration(admin, s.integrationId, { targetSettings: current.targetSettings, name: unique("renamed") }); // same place: fine
    expect(
      await rejection(
        updateIntegration(admin, s.integrationId, {
          targetSettings: { ...current.targetSettings, project: "acme/elsewhere" },
          targetToken: "glpat-for-elsewhere",
        }),
      ),
    ).toBeInstanceOf(ConflictError);
    expect(await rejection(deleteIntegration(admin, s.integrationId))).toBeInstanceOf(ConflictError);
    await db().integration.update({ where: { id: s.integrationId }, data: { graceSeconds: 0 } });
    await db().rotation.update({ where: { id: rotationId }, data: { graceUntil: new Date() } });
    expect((await runUntilDone(rotationId)).status).toBe("succeeded");
    await deleteIntegration(admin, s.integrationId);
    expect(await db().rotation.count({ where: { integrationId: s.integrationId } })).toBe(0);
  });
});

describe("the scheduler", () => {
  it("starts due integrations with the right trigger, and skips disabled ones and ones already rotating", async () => {
    const overdue = await setupIntegration(admin, "webhook");
    const due = await setupIntegration(admin, "webhook");
    const disabled = await setupIntegration(admin, "webhook");
    const busy = await setupIntegration(admin, "webhook");
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
    await db().integration.update({ where: { id: overdue.integrationId }, data: { lastRotatedAt: ago(40), nextRotationAt: ago(10) } });
    await db().integration.update({ where: { id: due.integrationId }, data: { lastRotatedAt: ago(30.1), nextRotationAt: ago(0.1) } });
    await db().integration.update({ where: { id: disabled.integrationId }, data: { enabled: false, nextRotationAt: ago(50) } });
    await db().integration.update({ where: { id: busy.integrationId }, data: { nextRotationAt: ago(5) } });
    const running = await startRotation(admin, busy.integrationId, "manual");

    const started = await startDueRotations(now);
    const rotations = await db().rotation.findMany({
      where: { id: { in: started } },
      select: { id: true, integrationId: true, trigger: true, requestedBy: true },
    });
    const mine = Object.fromEntries(rotations.map((r) => [r.integrationId, r.trigger]));
    expect(mine[overdue.integrationId]).toBe("overdue");
    expect(mine[due.integrationId]).toBe("scheduled");
    expect(mine[disabled.integrationId]).toBeUndefined();
    expect(await db().rotation.count({ where: { integrationId: busy.integrationId } })).toBe(1);
    expect(rotations.every((r) => r.requestedBy === "system:rotation-schedule")).toBe(true);
    // Finish ours (a seeded demo integration may have been due as well; it is left to run).
    const ours = rotations.filter((r) => [overdue, due].some((x) => x.integrationId === r.integrationId)).map((r) => r.id);
    for (const id of [...ours, running.rotationId]) await runUntilDone(id);
  });
});
