import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { markGone, upsertUsers, USER_BATCH, type AccountRef, type UserRow } from "@/lib/inventory/sync-writer";
import { ensureAccount, TEST_ACCOUNTS } from "./inventory-helpers";

// The sync's user writes go a batch a statement: an account bigger than one batch is written
// whole, every user once, with the ids the keys are then written against.

const COUNT = 2 * USER_BATCH + 345;
let acct: AccountRef;

const users = (n: number, team: string): UserRow[] =>
  Array.from({ length: n }, (_, i) => ({
    userName: `writer-${String(i).padStart(5, "0")}`,
    userId: `AIDAWRITER${i}`,
    arn: `arn:aws:iam::${TEST_ACCOUNTS.writer}:user/writer-${i}`,
    path: "/",
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i % 60)),
    tags: { team, "with,comma": 'a"quote' },
    owner: i % 2 ? `owner${i}@example.com` : null,
    team,
  }));

beforeAll(async () => {
  await db().awsAccount.deleteMany({ where: { accountId: TEST_ACCOUNTS.writer } });
  const a = await ensureAccount(TEST_ACCOUNTS.writer, "Sync writer");
  acct = { awsAccountId: a.id, accountId: a.accountId };
});
afterAll(async () => {
  await db().awsAccount.deleteMany({ where: { accountId: TEST_ACCOUNTS.writer } });
});

describe("upsertUsers", () => {
  it("writes an account larger than one batch whole, and returns every user's id", async () => {
    const seenAt = new Date("2026-12-01T10:00:00Z");
    const ids = await upsertUsers(acct, users(COUNT, "red"), seenAt);
    expect(ids.size).toBe(COUNT);
    const rows = await db().iamUser.findMany({
      where: { awsAccountId: acct.awsAccountId },
      select: { id: true, userName: true, lastSeenAt: true, tags: true, owner: true },
    });
    expect(rows).toHaveLength(COUNT);
    for (const r of rows) expect(ids.get(r.userName)).toBe(r.id);
    expect(new Set(rows.map((r) => r.lastSeenAt.toISOString()))).toEqual(new Set([seenAt.toISOString()]));
    const one = rows.find((r) => r.userName === "writer-01001");
    expect(one?.tags).toEqual({ team: "red", "with,comma": 'a"quote' });
    expect(one?.owner).toBe("owner1001@example.com");
  });

  it("a later run keeps the ids, updates what changed, and what it did not see is marked gone", async () => {
    const before = await db().iamUser.findMany({ where: { awsAccountId: acct.awsAccountId }, select: { id: true, userName: true } });
    const seenAt = new Date("2026-12-02T10:00:00Z");
    const kept = COUNT - 45;
    const ids = await upsertUsers(acct, users(kept, "blue"), seenAt);
    expect(ids.size).toBe(kept);
    for (const b of before.filter((u) => ids.has(u.userName))) expect(ids.get(b.userName)).toBe(b.id);
    await markGone(acct, seenAt);
    const live = await db().iamUser.count({ where: { awsAccountId: acct.awsAccountId, deletedAt: null, team: "blue" } });
    const gone = await db().iamUser.count({ where: { awsAccountId: acct.awsAccountId, deletedAt: { not: null } } });
    expect([live, gone]).toEqual([kept, 45]);
  });

  it("writes nothing for no users", async () => {
    expect((await upsertUsers(acct, [], new Date())).size).toBe(0);
  });
});
