import "server-only";
import { reportEntryFor, type ReportRows } from "@/lib/aws/credential-report";
import { IamReader, type IamAccessKeyInfo, type ReportKeyUse } from "@/lib/aws/iam";
import { createLimiter, forEachInLanes } from "@/lib/concurrency";
import { env } from "@/lib/env";
import { inventoryGate, shareFor } from "@/lib/inventory/fair-gate";
import { inventoryCredentials, takeHeldCredentials } from "@/lib/inventory/inventory-credentials";
import { ownerAndTeam } from "@/lib/inventory/owner";
import {
  listedUsers,
  loadKnownKeys,
  markGone,
  upsertKeys,
  upsertUsers,
  type AccountRef,
  type KeyEvent,
  type KeyRow,
  type UserRow,
} from "@/lib/inventory/sync-writer";
import type { IamUserInfo } from "@/lib/aws/iam";

// Reads one account's IAM users and keys and writes them, with as few IAM calls as IAM
// allows and the database work overlapped with them (docs/adr/003-key-inventory-sync.md):
//   GetAccountAuthorizationDetails (users and tags, 1,000 a page)
//   + one credential report (every key's last use)      ← in parallel
//   + ListAccessKeys per user (no batch form exists), `concurrency` at a time
//   + GetAccessKeyLastUsed only for keys the report cannot place (newer than the report).
// Users are written as soon as they are listed, keys in batches while listing goes on.
// On a first sync the users were listed and written by an earlier job (lib/inventory/
// list-phase.ts, `listed`): they are read back from the database, not listed again.

export type AccountSyncResult = {
  users: number;
  keys: number;
  deleted: number;
  awsCalls: number;
  throttles: number;
  /** Time spent in this account's database writes and reads (they overlap the IAM calls). */
  dbMs: number;
  warning: string | null;
};
export type Progress = (p: { users: number; keys: number; awsCalls: number; throttles: number }) => void | Promise<void>;

const KEY_BATCH = 500;

/** IAM users with the owner and team their tags name. */
export function withOwners(iamUsers: IamUserInfo[]): UserRow[] {
  const { KEYLESS_INVENTORY_OWNER_TAGS: ownerTags, KEYLESS_INVENTORY_TEAM_TAGS: teamTags } = env();
  return iamUsers.map((u) => ({ ...u, ...ownerAndTeam(u.tags, ownerTags, teamTags) }));
}

export async function readAndWriteAccount(
  account: AccountRef & { inventoryRoleArn: string | null },
  seenAt: Date,
  onProgress: Progress = () => undefined,
  hold: { assertHeld(): void } = { assertHeld: () => undefined },
  listed = false,
): Promise<AccountSyncResult> {
  // A batch job: a storm of throttling or 5xx from STS is waited out, not a failed account.
  // Each HTTP attempt waits its account's turn at the worker's fair gate (KEYLESS_INVENTORY_GLOBAL_CONCURRENCY).
  const gate = inventoryGate();
  const held = listed ? takeHeldCredentials(account.awsAccountId) : undefined;
  const credentials = held ?? (await inventoryCredentials(account, { patient: true, sessionName: "keyless-inventory" }));
  // The account's share of the gate follows the users it has left (set once they are listed).
  let usersLeft = 0;
  const reader = new IamReader(credentials, (fn) => gate(account.awsAccountId, fn, shareFor(usersLeft)));
  let dbMs = 0;
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      dbMs += performance.now() - t0;
    }
  };
  const limit = createLimiter(env().KEYLESS_INVENTORY_CONCURRENCY);
  let warning: string | null = null;
  try {
    const reportP: Promise<ReportRows | null> = reader.credentialReport().then(
      (r) => r.rows,
      (error: unknown) => {
        warning = `No credential report (${error instanceof Error ? error.message : String(error)}): last use was asked key by key.`;
        return null;
      },
    );
    type Listing = { users: Pick<UserRow, "userName" | "owner" | "team">[]; userIds: Promise<Map<string, string>> };
    const listing: Promise<Listing> = listed
      ? timed(() => listedUsers(account.awsAccountId, seenAt)).then((rows) => ({
          users: rows,
          userIds: Promise.resolve(new Map(rows.map((r) => [r.userName, r.id]))),
        }))
      : reader.listUsers().then((iamUsers) => {
          const rows = withOwners(iamUsers);
          return { users: rows, userIds: timed(() => upsertUsers(account, rows, seenAt)) };
        });
    const [{ users, userIds: userIdsP }, known] = await Promise.all([listing, timed(() => loadKnownKeys(account.awsAccountId))]);
    const byName = new Map(users.map((u) => [u.userName, u]));
    usersLeft = users.length;

    const failures: unknown[] = [];
    let keysSeen = 0;
    let usersSeen = 0;
    let writes: Promise<void> = userIdsP.then(() => undefined);
    // Handled now, read later: if the users' write fails while the listing is still going
    // (the database went away), an unwatched rejection would stop the whole worker.
    writes.catch((error: unknown) => void failures.push(error));
    const pending: IamAccessKeyInfo[] = [];
    const vanished: string[] = [];

    const lastUseOf = async (k: IamAccessKeyInfo, report: ReportRows | null): Promise<ReportKeyUse> => {
      const entry = report ? reportEntryFor(report, k.userName, k.createdAt) : null;
      return entry ? entry.lastUsed : limit(() => reader.getAccessKeyLastUsed(k.accessKeyId));
    };
    const write = async (batch: IamAccessKeyInfo[]) => {
      const [userIds, report] = await Promise.all([userIdsP, reportP]);
      hold.assertHeld(); // no write once another sync of this account may be running
      const rows: KeyRow[] = [];
      const events: KeyEvent[] = [];
      const uses = await Promise.all(batch.map((k) => lastUseOf(k, report)));
      batch.forEach((k, i) => {
        const user = byName.get(k.userName);
        const iamUserId = userIds.get(k.userName);
        if (!user || !iamUserId) return;
        rows.push({ ...k, iamUserId, owner: user.owner, team: user.team, lastUsed: uses[i] ?? { at: null, service: null, region: null } });
        const before = known.get(k.accessKeyId);
        if (!before) events.push({ accessKeyId: k.accessKeyId, kind: "discovered", from: null, to: k.status });
        else if (before.deleted) events.push({ accessKeyId: k.accessKeyId, kind: "reappeared", from: "deleted", to: k.status });
        else if (before.status !== k.status)
          events.push({ accessKeyId: k.accessKeyId, kind: "status_changed", from: before.status, to: k.status });
      });
      await timed(() => upsertKeys(account, rows, events, seenAt));
      await timed(async () => onProgress({ users: usersSeen, keys: keysSeen, awsCalls: reader.calls, throttles: reader.throttles }));
    };
    // The first failure (a call or a write) stops further calls; the writes already queued
    // finish before this returns, so nothing is still writing once the lock is released.
    const flush = () => {
      const batch = pending.splice(0, pending.length);
      // Writes run one after another, behind the listing.
      writes = writes.then(() => write(batch));
      writes.catch((error: unknown) => void failures.push(error));
    };

    // IAM throttling this account shows on its progress within a second or so, not only with
    // its next batch of keys (the sync view says "throttled, retrying").
    let throttlesShown = 0;
    let shownAt = 0;
    const showThrottling = () => {
      throttlesShown = reader.throttles;
      shownAt = Date.now();
      writes = writes.then(() =>
        timed(async () => onProgress({ users: usersSeen, keys: keysSeen, awsCalls: reader.calls, throttles: reader.throttles })),
      );
      writes.catch((error: unknown) => void failures.push(error));
    };

    // Lanes, not a call per user queued at once: the biggest account's thousands of users
    // would otherwise be thousands of suspended calls in the worker's heap (bench/RESULTS.md §9).
    // Each lane still takes the account's limiter, which GetAccessKeyLastUsed shares.
    await forEachInLanes(users, env().KEYLESS_INVENTORY_CONCURRENCY, (u) =>
      limit(async () => {
        if (failures.length) return;
        try {
          const keys = await reader.listAccessKeys(u.userName);
          usersLeft--;
          if (keys === null) return void vanished.push(u.userName); // deleted since it was listed
          usersSeen++;
          keysSeen += keys.length;
          pending.push(...keys);
          if (pending.length >= KEY_BATCH) flush();
          else if (reader.throttles > throttlesShown && Date.now() - shownAt > 1_000) showThrottling();
        } catch (error) {
          failures.push(error);
        }
      }),
    );
    flush();
    await writes.catch((error: unknown) => void failures.push(error));
    if (failures.length) throw failures[0];
    // Only a complete listing may conclude that something is gone.
    hold.assertHeld();
    const deleted = await timed(() => markGone(account, seenAt, vanished));
    // + 1: the AssumeRole call that opened the account (none when the listing's were reused).
    const awsCalls = reader.calls + (held ? 0 : 1);
    return { users: usersSeen, keys: keysSeen, deleted, awsCalls, throttles: reader.throttles, dbMs: Math.round(dbMs), warning };
  } finally {
    reader.close();
  }
}
