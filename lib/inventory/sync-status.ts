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

export type AccountFailure = { accountId: string; name: string; error: string | null };
export type InventoryStatus = {
  /** When every account was last read successfully (the oldest of their latest successes). */
  lastSyncedAt: string | null;
  /** For managers and admins: the run in progress, how many accounts there are, and those whose latest sync failed. */
  runningJobId: string | null;
  accountCount: number | null;
  failedCount: number;
  /** The first FAILURES_SHOWN of the failed accounts, by name. */
  failed: AccountFailure[];
};

const FAILURES_SHOWN = 20;

export async function getInventoryStatus(caller: Caller): Promise<InventoryStatus> {
  await requirePermission(caller, "keys.read.own");
  // One round trip, and one row back however many accounts there are: the page shows a
  // summary, not a thousand accounts' results. Each account carries its latest outcome
  // (kept by a trigger, migration 20261212090000), so this is one pass over aws_accounts.
  const [row] = await db().$queryRaw<
    { accounts: number; last_synced: Date | null; running: string | null; failed_count: number; failed: AccountFailure[] }[]
  >`
    SELECT count(*)::int AS accounts,
           CASE WHEN count(*) > 0 AND bool_and(a.last_synced_at IS NOT NULL) THEN min(a.last_synced_at) END AS last_synced,
           (SELECT id::text FROM inventory_syncs WHERE finished_at IS NULL AND created_at > ${new Date(Date.now() - RUNNING_WINDOW_MS)}::timestamptz
            ORDER BY created_at DESC LIMIT 1) AS running,
           (count(*) FILTER (WHERE a.last_sync_status = 'failed'))::int AS failed_count,
           coalesce((SELECT json_agg(json_build_object('accountId', f.account_id, 'name', f.name, 'error', f.last_sync_error) ORDER BY f.name)
                     FROM (SELECT account_id, name, last_sync_error FROM aws_accounts WHERE last_sync_status = 'failed'
                           ORDER BY name LIMIT ${FAILURES_SHOWN}) f), '[]') AS failed
    FROM aws_accounts a`;
  const lastSyncedAt = iso(row?.last_synced ?? null);
  if (!row || !can(caller, "inventory.read")) return { lastSyncedAt, runningJobId: null, accountCount: null, failedCount: 0, failed: [] };
  return { lastSyncedAt, runningJobId: row.running, accountCount: row.accounts, failedCount: row.failed_count, failed: row.failed };
}
