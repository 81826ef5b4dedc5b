import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { inventorySyncAccountJob } from "@/lib/jobs/definitions/inventory-sync-account";
import { handlerFor } from "@/lib/jobs/handlers";
import { ensureQueue } from "@/lib/jobs/enqueue";
import { runAccountSync } from "@/lib/inventory/run-account";
import { accountsBySize, createRun, startSync } from "@/lib/inventory/start-sync";
import { getInventoryStatus, getSyncProgress } from "@/lib/inventory/sync-status";
import { systemCaller } from "@/lib/auth/caller";
import { discoverAccounts } from "@/lib/inventory/discovery";
import { makeUser, motoUrl, whileAuditRefused } from "./helpers";
import {
  addFault,
  clearFaults,
  ensureAccount,
  keyId,
  removeTestAccounts,
  seedUsers,
  syncAccounts,
  TEST_ACCOUNTS,
} from "./inventory-helpers";

let main: { id: string };
let failing: { id: string };
let wrongRole: { id: string };
beforeAll(async () => {
  await removeTestAccounts();
  main = await ensureAccount(TEST_ACCOUNTS.main, "Inventory tests");
  failing = await ensureAccount(TEST_ACCOUNTS.failing, "Unreachable");
  wrongRole = await ensureAccount(TEST_ACCOUNTS.wrongRole, "Misconfigured", "arn:aws:iam::999999999999:role/KeylessInventory");
  await seedUsers(TEST_ACCOUNTS.main, [
    { userName: "runs-user", owner: "runs@example.com", keys: [{ id: keyId("runs"), ageDays: 5, usedDaysAgo: 1 }] },
  ]);
});
afterEach(clearFaults);
afterAll(removeTestAccounts);

describe("inventory sync runs", () => {
  it("reports an unreachable account with its error while the others sync", async () => {
    await addFault({
      action: "GetAccountAuthorizationDetails",
      error: "AccessDenied",
      status: 403,
      count: 20,
      accountId: TEST_ACCOUNTS.failing,
    });
    const admin = await makeUser("adam", ["aws-admins"]);
    const syncId = await syncAccounts(main.id, failing.id, wrongRole.id);
    const progress = await getSyncProgress(admin, syncId);
    expect(progress.status).toBe("partial");
    expect(progress.accounts).toMatchObject({ total: 3, done: 3, failed: 2, running: 0, queued: 0 });
    // (Other test files may have seeded more users in this moto account.)
    expect(progress.items.find((i) => i.accountId === TEST_ACCOUNTS.main)).toMatchObject({
      status: "succeeded",
      keys: expect.any(Number) as number,
    });
    const errors = Object.fromEntries(progress.errors.map((e) => [e.accountId, e.error]));
    expect(errors[TEST_ACCOUNTS.failing]).toMatch(/GetAccountAuthorizationDetails: AccessDenied/);
    expect(errors[TEST_ACCOUNTS.wrongRole]).toMatch(/not in account 666666666666/);
    expect(await db().accessKey.count({ where: { accessKeyId: keyId("runs"), deletedAt: null } })).toBe(1);

    // The keys page's summary: counts and the failed accounts with their errors, not every
    // account's row; an account never read successfully means no "read from AWS" time.
    const status = await getInventoryStatus(admin);
    expect(status.accountCount).toBe(await db().awsAccount.count());
    expect(status.failed.map((f) => f.accountId)).toEqual(expect.arrayContaining([TEST_ACCOUNTS.failing, TEST_ACCOUNTS.wrongRole]));
    expect(status.failedCount).toBe(status.failed.length);
    expect(status.lastSyncedAt).toBeNull();
    const engineer = await getInventoryStatus(await makeUser("erin", ["engineering"]));
    expect(engineer).toMatchObject({ accountCount: null, failedCount: 0, failed: [], runningJobId: null });

    const audit = await db().auditEvent.findFirst({ where: { action: "inventory.sync.finish", targetId: syncId } });
    expect(audit?.outcome).toBe("failure");
    expect(audit?.details).toMatchObject({
      status: "partial",
      failedAccounts: 2,
      errors: expect.arrayContaining([expect.objectContaining({ accountId: TEST_ACCOUNTS.failing })]) as unknown,
    });
  });

  it("a run whose close the audit log cannot record stays open; the job's retry closes it, with its entry", async () => {
    const run = await createRun(systemCaller("test"), "manual", [{ id: main.id }]);
    await whileAuditRefused(() => expect(runAccountSync(run.id, main.id)).rejects.toThrow(/audit/i));
    const open = await db().inventorySync.findUniqueOrThrow({ where: { id: run.id }, select: { finishedAt: true } });
    expect(open.finishedAt).toBeNull();
    expect(await db().auditEvent.count({ where: { action: "inventory.sync.finish", targetId: run.id } })).toBe(0);

    // pg-boss delivers the job again: the account is done, so only the close runs.
    await runAccountSync(run.id, main.id);
    const closed = await db().inventorySync.findUniqueOrThrow({ where: { id: run.id }, select: { finishedAt: true, status: true } });
    expect(closed).toMatchObject({ status: "succeeded", finishedAt: expect.any(Date) as Date });
    expect(await db().auditEvent.count({ where: { action: "inventory.sync.finish", targetId: run.id } })).toBe(1);
    await runAccountSync(run.id, main.id);
    expect(await db().auditEvent.count({ where: { action: "inventory.sync.finish", targetId: run.id } })).toBe(1);
  });

  it("keeps each account's latest outcome on the account, whatever order its rows finish in", async () => {
    const account = await db().awsAccount.create({ data: { accountId: "555500000016", name: "Outcome order" }, select: { id: true } });
    const runs: string[] = [];
    try {
      const admin = await makeUser("adam", ["aws-admins"]);
      const now = Date.now();
      const at = (hoursAgo: number) => new Date(now - hoursAgo * 3600_000);
      const finish = async (hoursAgo: number, status: "succeeded" | "failed", users: number, error: string | null = null) => {
        // A finished run (an open one would read as a sync in progress to the other tests).
        const run = await db().inventorySync.create({
          data: { trigger: "manual", status: "partial", createdAt: at(hoursAgo + 1), finishedAt: at(hoursAgo) },
          select: { id: true },
        });
        runs.push(run.id);
        // Queued, then running, then finished: only the finish counts.
        const row = await db().inventorySyncAccount.create({ data: { syncId: run.id, awsAccountId: account.id }, select: { id: true } });
        await db().inventorySyncAccount.update({ where: { id: row.id }, data: { status: "running", startedAt: at(hoursAgo + 1) } });
        await db().inventorySyncAccount.update({ where: { id: row.id }, data: { status, users, error, finishedAt: at(hoursAgo) } });
      };
      const summary = () =>
        db().awsAccount.findUniqueOrThrow({
          where: { id: account.id },
          select: { lastSyncStatus: true, lastSyncError: true, lastSyncFinishedAt: true, lastSyncedAt: true, lastSyncedUsers: true },
        });
      const listedAsFailed = async () => (await getInventoryStatus(admin)).failed.find((f) => f.accountId === "555500000016");
      const sizeOf = async () => (await accountsBySize()).find((a) => a.id === account.id)?.users;

      expect(await summary()).toEqual({
        lastSyncStatus: null,
        lastSyncError: null,
        lastSyncFinishedAt: null,
        lastSyncedAt: null,
        lastSyncedUsers: null,
      });
      expect(await sizeOf()).toBeNull();

      await finish(5, "succeeded", 7);
      expect(await summary()).toMatchObject({ lastSyncStatus: "succeeded", lastSyncedAt: at(5), lastSyncedUsers: 7 });
      expect(await listedAsFailed()).toBeUndefined();

      // A later failure: listed with its error; the last success still dates the account.
      await finish(3, "failed", 0, "GetAccountAuthorizationDetails: AccessDenied");
      expect(await summary()).toMatchObject({
        lastSyncStatus: "failed",
        lastSyncError: "GetAccountAuthorizationDetails: AccessDenied",
        lastSyncedAt: at(5),
      });
      expect(await listedAsFailed()).toEqual({
        accountId: "555500000016",
        name: "Outcome order",
        error: "GetAccountAuthorizationDetails: AccessDenied",
      });

      // An older run's row finishing late (a retried job) changes nothing.
      await finish(8, "succeeded", 3);
      expect(await summary()).toMatchObject({ lastSyncStatus: "failed", lastSyncedAt: at(5), lastSyncedUsers: 7 });
      expect(await sizeOf()).toBe(7);

      await finish(1, "succeeded", 9);
      expect(await summary()).toMatchObject({ lastSyncStatus: "succeeded", lastSyncError: null, lastSyncedAt: at(1), lastSyncedUsers: 9 });
      expect(await listedAsFailed()).toBeUndefined();
      expect(await sizeOf()).toBe(9);
    } finally {
      await db().inventorySync.deleteMany({ where: { id: { in: runs } } });
      await db().awsAccount.delete({ where: { id: account.id } });
    }
  });

  it("never runs two syncs of one account at once", async () => {
    const runs = await Promise.all([1, 2, 3].map(() => createRun(systemCaller("test"), "manual", [{ id: main.id }])));
    await Promise.all(runs.map((r) => runAccountSync(r.id, main.id)));
    const spans = await db().inventorySyncAccount.findMany({
      where: { syncId: { in: runs.map((r) => r.id) } },
      select: { status: true, startedAt: true, finishedAt: true },
      orderBy: { startedAt: "asc" },
    });
    expect(spans.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(spans[i - 1]!.finishedAt!.getTime());
    }
  });

  it("runs through pg-boss: one job per account on a singleton queue, progress until done", async () => {
    const admin = await makeUser("adam", ["aws-admins"]);
    await expect(startSync(await makeUser("alice", ["engineering"]), { trigger: "manual" })).rejects.toBeInstanceOf(ForbiddenError);
    const started = await startSync(admin, { trigger: "manual" });
    expect(started.alreadyRunning).toBe(false);
    // Pressing "Sync now" again while it runs shows the same run.
    expect((await startSync(admin, { trigger: "manual" })).id).toBe(started.id);

    const boss = await getBoss("worker");
    try {
      await ensureQueue(boss, inventorySyncAccountJob);
      expect((await boss.getQueue(inventorySyncAccountJob.name))?.policy).toBe("singleton");
      await boss.work<{ syncId: string; awsAccountId: string }>(
        inventorySyncAccountJob.name,
        { pollingIntervalSeconds: 0.5 },
        async ([job]) => {
          if (job) await handlerFor(inventorySyncAccountJob)(job.data, { id: job.id, retryCount: 0 });
        },
      );
      let progress = await getSyncProgress(admin, started.id);
      for (let i = 0; i < 120 && !progress.finishedAt; i++) {
        await new Promise((r) => setTimeout(r, 500));
        progress = await getSyncProgress(admin, started.id);
      }
      const total = await db().awsAccount.count();
      expect(progress.accounts).toMatchObject({ total, done: total, failed: 1 });
      expect(progress.status).toBe("partial");
      expect(progress.items.find((i) => i.accountId === TEST_ACCOUNTS.main)?.status).toBe("succeeded");
      expect(progress.errors.map((e) => e.accountId)).toEqual([TEST_ACCOUNTS.wrongRole]);
      expect(await db().auditEvent.count({ where: { action: "inventory.sync.request", targetId: started.id, outcome: "success" } })).toBe(
        1,
      );
    } finally {
      await stopBoss();
    }
  });
});

describe("accounts from AWS Organizations", () => {
  it("adds the organisation's active accounts Keyless does not know yet, once", async () => {
    // The organisation lives in a management account of its own, reached through a role there.
    const roleArn = "arn:aws:iam::777777777777:role/KeylessOrganizations";
    const sts = new STSClient({ endpoint: motoUrl, region: "us-east-1", credentials: { accessKeyId: "test-hub", secretAccessKey: "x" } });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "org-admin" }))).Credentials!;
    const org = new OrganizationsClient({
      endpoint: motoUrl,
      region: "us-east-1",
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken },
    });
    await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" })).catch(() => undefined);
    const created = await org.send(new CreateAccountCommand({ AccountName: "Data platform", Email: "data@example.com" }));
    const newId = created.CreateAccountStatus?.AccountId ?? "";
    expect(newId).toMatch(/^\d{12}$/);

    const admin = await makeUser("adam", ["aws-admins"]);
    try {
      const found = await discoverAccounts(admin, roleArn);
      expect(found.error).toBeNull();
      expect(found.added).toContain(newId);
      expect(await db().awsAccount.findUnique({ where: { accountId: newId }, select: { name: true, inventoryRoleArn: true } })).toEqual({
        name: "Data platform",
        inventoryRoleArn: null,
      });
      expect((await discoverAccounts(admin, roleArn)).added).toEqual([]);
      expect(await db().auditEvent.count({ where: { action: "account.discover", actorId: admin.userId } })).toBe(1);
      // Closed in the organisation (suspended): the next run skips it instead of failing on it.
      await org.send(new CloseAccountCommand({ AccountId: newId }));
      const closed = (await org.send(new ListAccountsCommand({}))).Accounts?.find((a) => a.Id === newId);
      expect(closed?.Status).not.toBe("ACTIVE");
      expect((await discoverAccounts(admin, roleArn)).suspended).toEqual([newId]);
    } finally {
      const org2 = await org.send(new ListAccountsCommand({}));
      await db().awsAccount.deleteMany({ where: { accountId: { in: (org2.Accounts ?? []).map((a) => a.Id ?? "") } } });
    }
  });

  it("reports a failing organizations role on the run instead of failing it", async () => {
    await addFault({ action: "ListAccounts", error: "AccessDeniedException", status: 400, count: 1 });
    const result = await discoverAccounts(await makeUser("adam", ["aws-admins"]), "arn:aws:iam::777777777777:role/KeylessOrganizations");
    expect(result.added).toEqual([]);
    expect(result.error).toMatch(/AWS Organizations discovery failed/);
  });
});
