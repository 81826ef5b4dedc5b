import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { can, requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";

// Where syncs stand: one run's progress (the API and the "Sync now" button poll it), and
// the inventory's freshness for the keys page.

export type SyncAccountProgress = {
  accountId: string;
  accountName: string;
  status: string;
  users: number;
  keys: number;
  awsCalls: number;
  /** IAM attempts refused with throttling; while running, the account is backing off and retrying. */
  throttles: number;
  error: string | null;
  warning: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

export type SyncProgress = {
  jobId: string;
  status: string;
  trigger: string;
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  accounts: { total: number; done: number; failed: number; running: number; queued: number; throttled: number };
  users: number;
  keys: number;
  awsCalls: number;
  throttles: number;
  /** Milliseconds of database work, once the run is finished. */
  dbMs: number | null;
  errors: { accountId: string; accountName: string; error: string }[];
  items: SyncAccountProgress[];
};

const iso = (d: Date | null) => d?.toISOString() ?? null;
const sum = (items: SyncAccountProgress[], field: "users" | "keys" | "awsCalls" | "throttles") => items.reduce((n, i) => n + i[field], 0);

/** An unfinished run older than this is treated as abandoned (its workers died), not running. */
export const RUNNING_WINDOW_MS = 60 * 60_000;

export async function getSyncProgress(caller: Caller, jobId: string): Promise<SyncProgress> {
  await requirePermission(caller, "inventory.read");
  const run = await db().inventorySync.findUnique({
    where: { id: jobId },
    select: {
      id: true,
      status: true,
      trigger: true,
      requestedBy: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      error: true,
      dbMs: true,
      accounts: {
        select: {
          status: true,
          users: true,
          keys: true,
          awsCalls: true,
          throttles: true,
          error: true,
          warning: true,
          startedAt: true,
          finishedAt: true,
          account: { select: { accountId: true, name: true } },
        },
        orderBy: { account: { name: "asc" } },
      },
    },
  });
  if (!run) throw new NotFoundError("The sync");
  const items: SyncAccountProgress[] = run.accounts.map((a) => ({
    accountId: a.account.accountId,
    accountName: a.account.name,
    status: a.status,
    users: a.users,
    keys: a.keys,
    awsCalls: a.awsCalls,
    throttles: a.throttles,
    error: a.error,
    warning: a.warning,
    startedAt: iso(a.startedAt),
    finishedAt: iso(a.finishedAt),
  }));
  const done = items.filter((i) => i.status === "succeeded" || i.status === "failed");
  const failed = items.filter((i) => i.status === "failed");
  return {
    jobId: run.id,
    status: run.finishedAt ? run.status : items.some((i) => i.status !== "queued") ? "running" : "queued",
    trigger: run.trigger,
    requestedBy: run.requestedBy,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    error: run.error,
    accounts: {
      total: items.length,
      done: done.length,
      failed: failed.length,
      running: items.filter((i) => i.status === "running").length,
      queued: items.filter((i) => i.status === "queued").length,
      throttled: items.filter((i) => i.status === "running" && i.throttles > 0).length,
    },
    users: sum(items, "users"),
    keys: sum(items, "keys"),
    awsCalls: sum(items, "awsCalls"),
    throttles: sum(items, "throttles"),
    dbMs: run.finishedAt ? run.dbMs : null,
    errors: failed.map((i) => ({ accountId: i.accountId, accountName: i.accountName, error: i.error ?? "Unknown error" })),
    items,
  };
}

export type AccountFreshness = {
  accountId: string;
  name: string;
  status: string | null;
  finishedAt: string | null;
  error: string | null;
  warning: string | null;
  keys: number | null;
};
export type InventoryStatus = {
  /** When every account was last read successfully (the oldest of their latest successes). */
  lastSyncedAt: string | null;
  /** For managers and admins: the run in progress, and each account's latest result. */
  runningJobId: string | null;
  accounts: AccountFreshness[] | null;
};

export async function getInventoryStatus(caller: Caller): Promise<InventoryStatus> {
  await requirePermission(caller, "keys.read.own");
  // One round trip: each account's latest result, its latest success, and the run in progress.
  const accounts = await db().$queryRaw<
    {
      account_id: string;
      name: string;
      status: string | null;
      finished_at: Date | null;
      error: string | null;
      warning: string | null;
      keys: number | null;
      last_ok: Date | null;
      running: string | null;
    }[]
  >`
    SELECT a.account_id, a.name, l.status, l.finished_at, l.error, l.warning, l.keys,
           (SELECT max(finished_at) FROM inventory_sync_accounts s WHERE s.aws_account_id = a.id AND s.status = 'succeeded') AS last_ok,
           (SELECT id::text FROM inventory_syncs WHERE finished_at IS NULL AND created_at > ${new Date(Date.now() - RUNNING_WINDOW_MS)}::timestamptz
            ORDER BY created_at DESC LIMIT 1) AS running
    FROM aws_accounts a
    LEFT JOIN LATERAL (
      SELECT status, finished_at, error, warning, keys FROM inventory_sync_accounts s
      WHERE s.aws_account_id = a.id AND s.finished_at IS NOT NULL ORDER BY s.finished_at DESC LIMIT 1
    ) l ON TRUE
    ORDER BY a.name`;
  const oks = accounts.map((a) => a.last_ok);
  const lastSyncedAt = oks.length && oks.every((d) => d !== null) ? new Date(Math.min(...oks.map((d) => d.getTime()))).toISOString() : null;
  if (!can(caller, "inventory.read")) return { lastSyncedAt, runningJobId: null, accounts: null };
  return {
    lastSyncedAt,
    runningJobId: accounts[0]?.running ?? null,
    accounts: accounts.map((a) => ({
      accountId: a.account_id,
      name: a.name,
      status: a.status,
      finishedAt: iso(a.finished_at),
      error: a.error,
      warning: a.warning,
      keys: a.keys,
    })),
  };
}
