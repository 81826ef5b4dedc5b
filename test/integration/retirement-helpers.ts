// Keys in every position the retirement rules tell apart, in their own test account, synced
// into the inventory as the worker would, and the owner's Keyless credentials as vending
// records them (aws_sessions).
import { randomUUID } from "node:crypto";
import type { UserCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { ensureAccount, keyId, seedUsers, syncAccounts, TEST_ACCOUNTS } from "./inventory-helpers";

export const RETIRE_ACCOUNT = TEST_ACCOUNTS.main;

/** Credentials `person` got through Keyless for `accountId`, `minutesAgo` minutes ago. */
export async function vended(person: UserCaller, accountId: string, minutesAgo: number, via: "token" | "session" = "token") {
  await db().$executeRaw`
    INSERT INTO aws_sessions (user_id, email, role_arn, account_id, kind, via, issued_at, expires_at, audit_event_id)
    VALUES (${person.userId}, ${person.email}, ${`arn:aws:iam::${accountId}:role/ReadOnly`}, ${accountId}, 'credentials.issue', ${via},
            now() - make_interval(mins => ${minutesAgo}), now() + interval '1 hour', -(floor(random() * 1e15)::bigint))`;
}

export type RetireFixture = {
  tag: string;
  human: string;
  usedSince: string;
  otherAccount: string;
  service: string;
  userOf: Record<string, string>;
};

/**
 * One person (`owner`) with: a human key unused for 20 days (ready), a service key unused
 * (never offered); `other` with a human key used today (not ready) and one whose owner used
 * Keyless for another account only (not ready). Then an inventory sync.
 */
export async function seedRetirement(owner: UserCaller, other: UserCaller): Promise<RetireFixture> {
  const tag = randomUUID().slice(0, 6);
  const account = await ensureAccount(RETIRE_ACCOUNT, "retirement tests");
  const human = { kind: "human" };
  const ids = { human: keyId(`h-${tag}`), usedSince: keyId(`u-${tag}`), otherAccount: keyId(`o-${tag}`), service: keyId(`s-${tag}`) };
  const userOf = {
    [ids.human]: `laptop-${tag}`,
    [ids.usedSince]: `busy-${tag}`,
    [ids.otherAccount]: `elsewhere-${tag}`,
    [ids.service]: `ci-${tag}`,
  };
  await seedUsers(RETIRE_ACCOUNT, [
    {
      userName: userOf[ids.human]!,
      owner: owner.email,
      tags: { ...human, team: `team-${tag}` },
      keys: [{ id: ids.human, ageDays: 10, usedDaysAgo: 5 }],
    },
    {
      userName: userOf[ids.service]!,
      owner: owner.email,
      tags: { team: `team-${tag}` },
      keys: [{ id: ids.service, ageDays: 40, usedDaysAgo: 30 }],
    },
    { userName: userOf[ids.usedSince]!, owner: other.email, tags: human, keys: [{ id: ids.usedSince, ageDays: 100, usedDaysAgo: 0 }] },
    {
      userName: userOf[ids.otherAccount]!,
      owner: other.email,
      tags: human,
      keys: [{ id: ids.otherAccount, ageDays: 100, usedDaysAgo: 1 }],
    },
  ]);
  await vended(owner, RETIRE_ACCOUNT, 60);
  await vended(other, RETIRE_ACCOUNT, 60 * 24 * 2, "session");
  await vended(other, "999999999999", 10);
  await syncAccounts(account.id);
  return { tag, ...ids, userOf };
}
