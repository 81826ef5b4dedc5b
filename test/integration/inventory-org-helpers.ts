import { db } from "@/lib/db";
import { motoUrl } from "./helpers";
import { randomInt } from "node:crypto";
import { ensureAccount, seedUsers } from "./inventory-helpers";

// A small, uneven organisation for the org-scale sync tests: 12 accounts of their own
// (777p000000xx, p one digit per test, so each test's numbers are its own and exact), one
// big (40 users), one medium (16), the rest 1–3 users, with 1–2 keys each.

export const ORG_SIZE = 12;
export const orgAccountId = (prefix: number, i: number) => `777${prefix}000000${String(i).padStart(2, "0")}`;
export const usersIn = (i: number) => (i === 0 ? 40 : i === 1 ? 16 : (i % 3) + 1);

export type OrgAccount = { id: string; accountId: string; users: number; keys: number; keyIds: string[] };

/** Creates (or re-creates) the org's accounts in Keyless and fresh users in moto, tagged `tag`. */
export async function seedOrg(tag: string, prefix: number): Promise<OrgAccount[]> {
  const out: OrgAccount[] = [];
  // moto outlives a test run (the sandbox is reused): names and key ids new to it every time.
  tag = `${tag}-${Date.now().toString(36)}`;
  for (let i = 0; i < ORG_SIZE; i++) {
    const accountId = orgAccountId(prefix, i);
    const users = Array.from({ length: usersIn(i) }, (_, u) => ({
      userName: `${tag}-${i}-${u}`,
      keys: Array.from({ length: u % 2 === 0 ? 2 : 1 }, (_, k) => ({ id: randomKeyId(), ageDays: 10 + k, usedDaysAgo: 1 })),
    }));
    await seedUsers(accountId, users);
    const row = await ensureAccount(accountId, `Org ${prefix}-${String(i).padStart(2, "0")}`);
    const keyIds = users.flatMap((u) => u.keys.map((k) => k.id));
    out.push({ id: row.id, accountId, users: users.length, keys: keyIds.length, keyIds });
  }
  return out;
}

/** A random key id of the right shape (the shared keyId() hashes into too few values for hundreds of keys). */
function randomKeyId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return `AKIA${Array.from({ length: 16 }, () => alphabet[randomInt(32)]).join("")}`;
}

export async function removeOrg(): Promise<void> {
  await db().awsAccount.deleteMany({ where: { accountId: { startsWith: "777" } } });
}

/** The run's accounts as the sync recorded them, by 12-digit account id. */
export async function accountRows(syncId: string) {
  const rows = await db().inventorySyncAccount.findMany({
    where: { syncId },
    select: {
      status: true,
      users: true,
      keys: true,
      awsCalls: true,
      throttles: true,
      finishedAt: true,
      account: { select: { accountId: true } },
    },
  });
  return new Map(rows.map((r) => [r.account.accountId, r]));
}

/** moto's count of calls per action made in one account since the last reset. */
export async function callsIn(accountId: string): Promise<Record<string, number>> {
  const res = await fetch(`${motoUrl}/_sandbox/stats`);
  const stats = (await res.json()) as { byAccount: Record<string, Record<string, number>> };
  return stats.byAccount[accountId] ?? {};
}
