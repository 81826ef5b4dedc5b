import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getSyncProgress } from "@/lib/inventory/sync-status";
import { makeUser } from "./helpers";
import { addFault, clearFaults, resetStats, syncAccounts } from "./inventory-helpers";
import { accountRows, callsIn, removeOrg, seedOrg, type OrgAccount } from "./inventory-org-helpers";

// The sync across an uneven organisation, in this process (the worker's path without
// pg-boss): exact numbers, the fewest IAM calls, and one throttled account not holding up
// the others. Worker crashes and two workers: inventory-org-workers.test.ts.

beforeAll(removeOrg);
afterEach(clearFaults);
afterAll(removeOrg);

const total = (org: OrgAccount[], f: "users" | "keys") => org.reduce((n, a) => n + a[f], 0);

describe("inventory sync of an organisation", () => {
  it("reads 12 uneven accounts with exact numbers, batched writes and the minimum of IAM calls", async () => {
    const org = await seedOrg("exact", 0);
    expect(await db().accessKey.count({ where: { accessKeyId: { in: org.flatMap((a) => a.keyIds) } } })).toBe(0);
    await resetStats();
    const syncId = await syncAccounts(...org.map((a) => a.id));
    const progress = await getSyncProgress(await makeUser("adam", ["aws-admins"]), syncId);
    expect(progress.status).toBe("succeeded");
    expect(progress.accounts).toEqual({ total: 12, done: 12, failed: 0, running: 0, queued: 0, throttled: 0 });
    expect(progress.users).toBe(total(org, "users"));
    expect(progress.keys).toBe(total(org, "keys"));
    const rows = await accountRows(syncId);
    let minimum = 0;
    for (const a of org) {
      const row = rows.get(a.accountId);
      expect(row, a.accountId).toMatchObject({ status: "succeeded", users: a.users, keys: a.keys, throttles: 0 });
      const keys = await db().accessKey.findMany({
        where: { awsAccountId: a.id, deletedAt: null },
        select: { accessKeyId: true, lastUsedAt: true, _count: { select: { events: true } } },
      });
      expect(keys.map((k) => k.accessKeyId).sort()).toEqual([...a.keyIds].sort());
      // One "discovered" event each, and last use from the credential report.
      expect(keys.filter((k) => k._count.events !== 1 || k.lastUsedAt === null)).toEqual([]);
      // What IAM cannot do with fewer: one page of users, one ListAccessKeys per user (no batch
      // form exists), and the credential report for every key's last use: look (a fresh account
      // has none yet), ask for one, read it.
      const calls = await callsIn(a.accountId);
      expect(calls).toEqual({
        GetAccountAuthorizationDetails: 1,
        ListAccessKeys: a.users,
        GetCredentialReport: 2,
        GenerateCredentialReport: 1,
      });
      const iamCalls = Object.values(calls).reduce((n, c) => n + c, 0);
      expect(row?.awsCalls).toBe(iamCalls + 1); // + AssumeRole
      minimum += 1 + 1 + 2 + a.users; // AssumeRole, users, ask + read the report, keys
    }
    const run = await db().inventorySync.findUniqueOrThrow({
      where: { id: syncId },
      select: { awsCalls: true, dbMs: true, throttles: true },
    });
    expect(run.awsCalls).toBe(progress.awsCalls);
    // Only the first look for a report is over the minimum (once it exists, for 4 hours, a sync
    // reads it in one call: one under).
    expect(run.awsCalls).toBe(minimum + 12);
    expect(run.throttles).toBe(0);
    expect(run.dbMs).toBeGreaterThan(0);
  });

  it("retries one account's throttling with backoff while the other accounts finish", async () => {
    const org = await seedOrg("throttled", 1);
    const big = org[0]!;
    await addFault({ action: "ListAccessKeys", error: "Throttling", count: 20, accountId: big.accountId });
    await resetStats();
    const syncId = await syncAccounts(...org.map((a) => a.id));
    const rows = await accountRows(syncId);
    const bigRow = rows.get(big.accountId)!;
    expect(bigRow).toMatchObject({ status: "succeeded", users: big.users, keys: big.keys, throttles: 20 });
    expect((await callsIn(big.accountId)).ListAccessKeys).toBe(big.users + 20);
    for (const a of org.slice(1)) {
      const row = rows.get(a.accountId)!;
      expect(row).toMatchObject({ status: "succeeded", users: a.users, keys: a.keys, throttles: 0 });
      // Not one of them waited for the throttled account.
      expect(row.finishedAt!.getTime()).toBeLessThan(bigRow.finishedAt!.getTime());
    }
    const run = await db().inventorySync.findUniqueOrThrow({ where: { id: syncId }, select: { throttles: true, keys: true } });
    expect(run).toEqual({ throttles: 20, keys: total(org, "keys") });
  }, 120_000);
});
