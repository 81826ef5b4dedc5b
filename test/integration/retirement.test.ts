import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAccessKeys } from "@/lib/aws/iam-keys";
import { db } from "@/lib/db";
import { stopBoss } from "@/lib/jobs/boss";
import { keyBurndown } from "@/lib/retirement/burndown";
import { finishRetirement } from "@/lib/retirement/delete";
import { listReadyToRetire } from "@/lib/retirement/ready";
import { retireKey, undoRetirement } from "@/lib/retirement/retire";
import { isoWeek } from "@/lib/retirement/iso-week";
import { deliverWeeklySummary } from "@/lib/retirement/weekly-summary";
import { systemCaller } from "@/lib/auth/caller";
import { mailTo } from "@/e2e/inbox";
import { lastAudit, makeUser } from "./helpers";
import { iamIn } from "./inventory-helpers";
import { RETIRE_ACCOUNT, seedRetirement, type RetireFixture } from "./retirement-helpers";

const DAY = 86_400_000;
let owner: Awaited<ReturnType<typeof makeUser>>;
let other: Awaited<ReturnType<typeof makeUser>>;
let admin: Awaited<ReturnType<typeof makeUser>>;
let f: RetireFixture;

const awsStatus = async (f: RetireFixture, id: string) =>
  (await listAccessKeys({ accountId: RETIRE_ACCOUNT, userName: f.userOf[id]! })).find((k) => k.accessKeyId === id)?.status ?? "gone";

beforeAll(async () => {
  owner = await makeUser("retire-alice", ["engineering"]);
  other = await makeUser("retire-bob", ["engineering"]);
  admin = await makeUser("retire-adam", ["aws-admins"]);
  f = await seedRetirement(owner, other);
}, 120_000);
afterAll(() => stopBoss());

describe("ready to retire", () => {
  it("lists a person's own key unused since they got credentials through Keyless for its account, naming the evidence", async () => {
    const ready = await listReadyToRetire(admin);
    const row = ready.find((r) => r.accessKeyId === f.human);
    expect(row?.evidence).toMatch(
      new RegExp(`^retire-alice \\(${owner.email}\\) got credentials for retirement tests/ReadOnly via the CLI on .*; key last used `),
    );
  });

  it("leaves out a key used since, one whose owner used Keyless for another account only, and a service key", async () => {
    const ids = (await listReadyToRetire(admin)).map((r) => r.accessKeyId);
    expect(ids).not.toContain(f.usedSince);
    expect(ids).not.toContain(f.otherAccount);
    expect(ids).not.toContain(f.service);
  });

  it("is not shown to engineers", async () => {
    await expect(listReadyToRetire(owner)).rejects.toMatchObject({ status: 403 });
  });
});

describe("burn-down", () => {
  it("counts active keys per day, human and service apart, from the history", async () => {
    const b = await keyBurndown(admin, { days: 90, owner: owner.email });
    expect(b.points).toHaveLength(90);
    // The service key was created 40 days ago, the human key 10 days ago; points.at(-1) is today, at(-n) n - 1 days ago.
    expect(b.points.at(-42)).toMatchObject({ human: 0, service: 0 });
    expect(b.points.at(-41)).toMatchObject({ human: 0, service: 1 });
    expect(b.points.at(-12)).toMatchObject({ human: 0, service: 1 });
    expect(b.points.at(-11)).toMatchObject({ human: 1, service: 1 });
    expect(b.points.at(-1)).toMatchObject({ human: 1, service: 1 });
  });

  it("an engineer sees only their own keys, whatever owner they ask for", async () => {
    const b = await keyBurndown(other, { days: 30, owner: owner.email });
    expect(b.scope).toBe("own");
    expect(b.points.at(-1)).toMatchObject({ human: 2, service: 0 });
  });

  it("ends a key's span at a past deactivation recorded in its history", async () => {
    const key = await db().accessKey.findUniqueOrThrow({ where: { accessKeyId: f.service }, select: { id: true } });
    await db().accessKeyEvent.create({
      data: { accessKeyId: key.id, at: new Date(Date.now() - 5 * DAY), kind: "status_changed", from: "ACTIVE", to: "INACTIVE" },
    });
    const b = await keyBurndown(admin, { days: 30, owner: owner.email });
    expect(b.points.at(-7)).toMatchObject({ service: 1 });
    expect(b.points.at(-5)).toMatchObject({ service: 0 });
    await db().accessKeyEvent.deleteMany({ where: { accessKeyId: key.id, kind: "status_changed" } });
  });
});

describe("retire, undo, delete", () => {
  it("refuses non-admins and service keys, and leaves them active", async () => {
    await expect(retireKey(owner, { accessKeyId: f.human })).rejects.toMatchObject({ status: 403 });
    await expect(retireKey(admin, { accessKeyId: f.service })).rejects.toMatchObject({ status: 409 });
    await expect(retireKey(admin, { accessKeyId: "not a key" })).rejects.toMatchObject({ status: 422 });
    expect(await awsStatus(f, f.human)).toBe("Active");
    expect(await awsStatus(f, f.service)).toBe("Active");
  });

  it("deactivates now, refuses a second submit, and deletes after the grace period if still unused", async () => {
    const r = await retireKey(admin, { accessKeyId: f.human, days: "3" });
    expect(new Date(r.deleteAfter).getTime() - Date.now()).toBeGreaterThan(3 * DAY - 60_000);
    expect(await awsStatus(f, f.human)).toBe("Inactive");
    expect((await lastAudit(admin.userId, "key.retire"))?.outcome).toBe("success");
    await expect(retireKey(admin, { accessKeyId: f.human })).rejects.toMatchObject({ status: 409 });
    expect((await listReadyToRetire(admin)).map((k) => k.accessKeyId)).not.toContain(f.human);
    // The burn-down shows it at once, before any sync.
    expect((await keyBurndown(admin, { days: 30, owner: owner.email })).points.at(-1)).toMatchObject({ human: 0 });

    expect(await finishRetirement(r.retirementId)).toBe("not-due");
    expect(await awsStatus(f, f.human)).toBe("Inactive");
    expect(await finishRetirement(r.retirementId, new Date(Date.now() + 4 * DAY))).toBe("deleted");
    expect(await awsStatus(f, f.human)).toBe("gone");
    expect(await db().accessKey.findUniqueOrThrow({ where: { accessKeyId: f.human }, select: { deletedAt: true } })).not.toMatchObject({
      deletedAt: null,
    });
    // A second run (pg-boss delivers at least once) changes nothing; undo is too late.
    expect(await finishRetirement(r.retirementId, new Date(Date.now() + 4 * DAY))).toBe("finished");
    await expect(undoRetirement(admin, { retirementId: r.retirementId })).rejects.toMatchObject({ status: 409 });
  });

  it("undo reactivates the key and the deletion then does nothing", async () => {
    const { accessKeyId, retirementId } = await retireFresh("undo");
    await undoRetirement(admin, { retirementId });
    expect(await awsStatus(f, accessKeyId)).toBe("Active");
    expect((await lastAudit(admin.userId, "key.retire_undo"))?.outcome).toBe("success");
    expect(await finishRetirement(retirementId, new Date(Date.now() + 30 * DAY))).toBe("finished");
    expect(await awsStatus(f, accessKeyId)).toBe("Active");
  });

  it("keeps a key reactivated behind Keyless's back", async () => {
    const { accessKeyId, retirementId } = await retireFresh("kept");
    const iam = await iamIn(RETIRE_ACCOUNT);
    const { UpdateAccessKeyCommand } = await import("@aws-sdk/client-iam");
    await iam.send(new UpdateAccessKeyCommand({ UserName: f.userOf[accessKeyId], AccessKeyId: accessKeyId, Status: "Active" }));
    expect(await finishRetirement(retirementId, new Date(Date.now() + 30 * DAY))).toBe("kept");
    expect(await awsStatus(f, accessKeyId)).toBe("Active");
    const row = await db().keyRetirement.findUniqueOrThrow({ where: { id: retirementId }, select: { status: true, outcome: true } });
    expect(row).toEqual({ status: "kept", outcome: "kept: it was reactivated outside Keyless" });
  });
});

describe("weekly summary", () => {
  it("mails every admin the week's numbers once, whatever the retries", async () => {
    const job = systemCaller("weekly-summary");
    const summary = await deliverWeeklySummary(job);
    // Keys left agree with the burn-down's today, computed from the history.
    const today = (await keyBurndown(admin, { days: 30 })).points.at(-1);
    expect(summary.left).toEqual({ human: today?.human, service: today?.service });
    // This file deleted one key and kept one (the undone one does not count).
    expect(summary.retired).toBeGreaterThanOrEqual(2);
    expect(summary.deleted).toBeGreaterThanOrEqual(1);
    expect(summary.oldest.length).toBeGreaterThan(0);
    await deliverWeeklySummary(job);
    const mails = await mailTo(admin.email, new RegExp(`^Keyless weekly`));
    expect(mails).toHaveLength(1);
    const total = summary.left.human + summary.left.service;
    expect(mails[0]?.text).toContain(`Long-lived AWS keys, week ${isoWeek(new Date())}.`);
    expect(mails[0]?.text).toContain(`Retired this week: ${summary.retired} deactivated, ${summary.deleted} deleted.`);
    expect(mails[0]?.text).toContain(`Keys left: ${total} active (${summary.left.human} human, ${summary.left.service} service).`);
    expect(mails[0]?.text).toContain(summary.oldest[0]!.accessKeyId);
  });
});

/** Another ready key of the owner's (a fresh fixture), retired by the admin. */
async function retireFresh(label: string): Promise<{ accessKeyId: string; retirementId: string }> {
  const g = await seedRetirement(owner, other);
  Object.assign(f.userOf, g.userOf);
  const r = await retireKey(admin, { accessKeyId: g.human });
  expect(r.retirementId, label).toBeTruthy();
  return { accessKeyId: g.human, retirementId: r.retirementId };
}
