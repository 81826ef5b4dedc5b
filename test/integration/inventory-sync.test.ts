import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEFAULT_ROTATION_POLICY } from "@/lib/inventory/policy";
import { ageDays, DAY_MS, rotationState } from "@/lib/inventory/key-age-state";
import { getSyncProgress } from "@/lib/inventory/sync-status";
import { DEMO_IAM_USERS, demoKeyId } from "@/prisma/demo-iam";
import { DEMO_INTEGRATIONS } from "../../scripts/sandbox/demo-integrations";
import { makeUser } from "./helpers";
import {
  addFault,
  clearFaults,
  deactivateKey,
  deleteKey,
  deleteUser,
  ensureAccount,
  keyId,
  keyRow,
  motoStats,
  removeTestAccounts,
  resetStats,
  seedUsers,
  syncAccounts,
  TEST_ACCOUNTS,
} from "./inventory-helpers";

let main: { id: string };
beforeAll(async () => {
  await removeTestAccounts();
  main = await ensureAccount(TEST_ACCOUNTS.main, "Inventory tests");
});
afterEach(clearFaults);
afterAll(removeTestAccounts);

describe("inventory sync against moto", () => {
  it("finds every seeded demo key with the right age, state, owner and last use", async () => {
    const accounts = await db().awsAccount.findMany({
      where: { accountId: { in: ["111111111111", "222222222222"] } },
      select: { id: true, accountId: true },
    });
    const syncId = await syncAccounts(...accounts.map((a) => a.id));
    const run = await db().inventorySync.findUniqueOrThrow({ where: { id: syncId }, select: { status: true, keys: true, users: true } });
    expect(run.status).toBe("succeeded");

    const now = new Date();
    const expected = DEMO_IAM_USERS.flatMap((u) => u.keys.map((k, i) => ({ user: u, key: k, id: demoKeyId(u, i) })));
    // The demo accounts also hold the demo integrations' users (one key each) and users
    // that earlier test files created there; every seeded key is checked one by one below.
    expect(run.keys).toBeGreaterThanOrEqual(expected.length + DEMO_INTEGRATIONS.length);
    expect(run.users).toBeGreaterThanOrEqual(DEMO_IAM_USERS.length + DEMO_INTEGRATIONS.length);
    const rows = await db().accessKey.findMany({ where: { accessKeyId: { in: expected.map((e) => e.id) } } });
    expect(rows).toHaveLength(expected.length);
    for (const { user, key, id } of expected) {
      const row = rows.find((r) => r.accessKeyId === id);
      expect(row, id).toBeDefined();
      if (!row) continue;
      expect(row.userName).toBe(user.userName);
      expect(row.accountId).toBe(user.accountId);
      expect(ageDays(row.createdAt, now), `${user.userName} age`).toBe(key.ageDays);
      expect(row.status).toBe(key.inactive ? "INACTIVE" : "ACTIVE");
      expect(row.owner).toBe(user.owner ?? null);
      expect(row.team).toBe(user.team ?? null);
      if (key.usedDaysAgo === null) expect(row.lastUsedAt).toBeNull();
      else {
        expect(Math.round((now.getTime() - (row.lastUsedAt?.getTime() ?? 0)) / DAY_MS)).toBe(key.usedDaysAgo);
        expect(row.lastUsedService).toBe(key.service);
        expect(row.lastUsedRegion).toBe(key.region);
      }
    }
    // The states a platform team would expect from the demo, spelled out.
    const stateOf = (userName: string, index = 0) => {
      const user = DEMO_IAM_USERS.find((u) => u.userName === userName);
      const row = user && rows.find((r) => r.accessKeyId === demoKeyId(user, index));
      return row ? rotationState(row, DEFAULT_ROTATION_POLICY, now) : null;
    };
    expect(stateOf("ci-github-actions")).toBe("ok");
    expect(stateOf("terraform-sandbox")).toBe("due");
    expect(stateOf("datadog-integration")).toBe("overdue");
    expect(stateOf("load-test-runner")).toBe("unused");
    expect(stateOf("localstack-bridge")).toBe("ok");
    expect(stateOf("vpn-cert-renewer")).toBe("unused");
    expect(stateOf("old-jenkins")).toBe("inactive");
    expect(stateOf("gitlab-deploy", 1)).toBe("unused");
  });

  it("keeps a key deleted in AWS as deleted, records status changes, and handles a key reappearing", async () => {
    const [a, b] = [keyId("del-a"), keyId("del-b")];
    await seedUsers(TEST_ACCOUNTS.main, [
      {
        userName: "reaper",
        keys: [
          { id: a, ageDays: 10, usedDaysAgo: 1 },
          { id: b, ageDays: 20, usedDaysAgo: 1 },
        ],
      },
    ]);
    await syncAccounts(main.id);
    expect((await keyRow(a))?.events).toEqual([{ kind: "discovered", from: null, to: "ACTIVE" }]);

    await deleteKey(TEST_ACCOUNTS.main, "reaper", a);
    await deactivateKey(TEST_ACCOUNTS.main, "reaper", b);
    await syncAccounts(main.id);
    const gone = await keyRow(a);
    expect(gone?.deletedAt).toBeInstanceOf(Date);
    expect(gone?.events.at(-1)).toEqual({ kind: "deleted", from: "ACTIVE", to: null });
    expect(rotationState({ ...gone!, status: gone!.status }, DEFAULT_ROTATION_POLICY)).toBe("deleted");
    const off = await keyRow(b);
    expect(off?.status).toBe("INACTIVE");
    expect(off?.events.at(-1)).toEqual({ kind: "status_changed", from: "ACTIVE", to: "INACTIVE" });

    // A sync that sees nothing new changes nothing.
    await syncAccounts(main.id);
    expect((await keyRow(a))?.events).toHaveLength(2);

    // The user is removed and comes back with the same key (e.g. restored from code).
    await deleteUser(TEST_ACCOUNTS.main, "reaper");
    await syncAccounts(main.id);
    expect((await keyRow(b))?.deletedAt).toBeInstanceOf(Date);
    expect(
      await db().iamUser.findFirst({ where: { userName: "reaper", awsAccountId: main.id }, select: { deletedAt: true } }),
    ).toMatchObject({ deletedAt: expect.any(Date) as Date });
    await seedUsers(TEST_ACCOUNTS.main, [{ userName: "reaper", keys: [{ id: b, ageDays: 20, usedDaysAgo: 1 }] }]);
    await syncAccounts(main.id);
    const back = await keyRow(b);
    expect(back?.deletedAt).toBeNull();
    expect(back?.events.at(-1)).toEqual({ kind: "reappeared", from: "deleted", to: "ACTIVE" });
    expect((await keyRow(a))?.deletedAt).toBeInstanceOf(Date);
  });

  it("never marks keys deleted after an incomplete listing, and stops calling AWS once it fails", async () => {
    const ids = [0, 1, 2].map((i) => keyId(`partial-${i}`));
    await seedUsers(
      TEST_ACCOUNTS.main,
      ids.map((id, i) => ({ userName: `partial-${i}`, keys: [{ id, ageDays: 40, usedDaysAgo: 2 }] })),
    );
    await syncAccounts(main.id);
    const users = await db().iamUser.count({ where: { awsAccountId: main.id, deletedAt: null } });
    await addFault({ action: "ListAccessKeys", error: "AccessDenied", status: 403, count: 10_000, accountId: TEST_ACCOUNTS.main });
    await resetStats();
    const syncId = await syncAccounts(main.id);
    const run = await db().inventorySync.findUniqueOrThrow({ where: { id: syncId }, select: { status: true } });
    expect(run.status).toBe("failed");
    expect(await db().accessKey.count({ where: { accessKeyId: { in: ids }, deletedAt: null } })).toBe(3);
    expect(await db().iamUser.count({ where: { awsAccountId: main.id, deletedAt: null } })).toBe(users);
    // Only the calls already in flight when the first one failed (the concurrency), not one per user.
    expect((await motoStats()).actions.ListAccessKeys).toBeLessThanOrEqual(16);
  });

  it("retries throttled ListAccessKeys calls and still finds every key", async () => {
    const users = Array.from({ length: 30 }, (_, i) => ({
      userName: `throttled-${i}`,
      keys: [{ id: keyId(`thr-${i}`), ageDays: i + 1, usedDaysAgo: 0 }],
    }));
    await seedUsers(TEST_ACCOUNTS.main, users);
    await addFault({ action: "ListAccessKeys", error: "Throttling", count: 25, accountId: TEST_ACCOUNTS.main });
    await resetStats();
    const syncId = await syncAccounts(main.id);
    const progress = await getSyncProgress(await makeUser("adam", ["aws-admins"]), syncId);
    expect(progress.status).toBe("succeeded");
    const found = await db().accessKey.count({ where: { accessKeyId: { in: users.map((u) => u.keys[0]!.id) }, deletedAt: null } });
    expect(found).toBe(30);
    const stats = await motoStats();
    expect(stats.actions.ListAccessKeys).toBeGreaterThanOrEqual(progress.users + 25);
  });

  it("rides out a throttling storm (half of all calls refused)", async () => {
    const users = Array.from({ length: 12 }, (_, i) => ({
      userName: `storm-${i}`,
      keys: [{ id: keyId(`storm-${i}`), ageDays: 3, usedDaysAgo: 0 }],
    }));
    // An account of its own: every throttle costs about a second of backoff under the client's
    // adaptive rate limit, so the storm's length follows the account's user count.
    const storm = await ensureAccount(TEST_ACCOUNTS.storm, "Storm");
    await seedUsers(TEST_ACCOUNTS.storm, users);
    await addFault({ action: "*", error: "Throttling", rate: 0.5, accountId: TEST_ACCOUNTS.storm });
    await resetStats();
    const syncId = await syncAccounts(storm.id);
    await clearFaults();
    const run = await db().inventorySync.findUniqueOrThrow({
      where: { id: syncId },
      select: { status: true, users: true, throttles: true },
    });
    expect(run).toMatchObject({ status: "succeeded", users: 12 });
    // The storm really happened: about half of the attempts were refused, and retried.
    expect(run.throttles).toBeGreaterThan(0);
    expect((await motoStats()).accounts[TEST_ACCOUNTS.storm]).toBeGreaterThan(12);
    expect(await db().accessKey.count({ where: { accessKeyId: { in: users.map((u) => u.keys[0]!.id) }, deletedAt: null } })).toBe(12);
    // Usually 7-45 s. The SDK's backoff for throttling grows to 20 s an attempt, so one call
    // refused many times in a row (it happens: every attempt is a coin toss) takes minutes.
  }, 240_000);
});
