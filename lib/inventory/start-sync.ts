import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db, type Tx } from "@/lib/db";
import { ConflictError, UnavailableError } from "@/lib/errors";
import { discoverAccounts } from "@/lib/inventory/discovery";
import { LISTING_PRIORITY, sizePriority } from "@/lib/inventory/priority";
import { RUNNING_WINDOW_MS } from "@/lib/inventory/sync-status";
import { inventorySyncAccountJob } from "@/lib/jobs/definitions/inventory-sync-account";
import { enqueueMany } from "@/lib/jobs/enqueue";
import { logger } from "@/lib/logger";

// Starting a sync run: one row for the run, one per account, and one job per account. A
// request while a recent run is still going returns that run instead of queueing another
// (pressing "Sync now" twice, or the schedule firing during a manual run).

export type StartedSync = { id: string; alreadyRunning: boolean };

export async function startSync(caller: Caller, options: { trigger: "manual" | "scheduled" }): Promise<StartedSync> {
  await requirePermission(caller, "inventory.sync");
  const running = await db().inventorySync.findFirst({
    where: { finishedAt: null, createdAt: { gt: new Date(Date.now() - RUNNING_WINDOW_MS) } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (running) return { id: running.id, alreadyRunning: true };

  // AWS Organizations first (remote calls stay out of the audited transaction).
  const discovery = await discoverAccounts(caller);
  const suspended = new Set(discovery.suspended);
  const accounts = (await accountsBySize()).filter((a) => !suspended.has(a.accountId));
  const run = await withAudit(caller, "inventory.sync.request", undefined, async (tx) => {
    if (accounts.length === 0) throw new ConflictError("No AWS account is configured yet: add one on the Accounts & roles page first.");
    const created = await createRun(caller, options.trigger, accounts, discovery.error, tx);
    return {
      value: created,
      target: { type: "inventory_sync", id: created.id },
      details: {
        trigger: options.trigger,
        accounts: accounts.map((a) => a.accountId),
        discovered: discovery.added,
        skippedSuspended: discovery.suspended,
        discoveryError: discovery.error,
      },
    };
  });
  // Queued once the run is committed: a worker must find its rows.
  await enqueueAccounts(run.id, accounts);
  return { id: run.id, alreadyRunning: false };
}

/** The run's rows, before any job is queued. Exported for tests that run accounts directly. */
export async function createRun(
  caller: Caller,
  trigger: string,
  accounts: { id: string }[],
  error: string | null = null,
  tx: Pick<Tx, "inventorySync"> = db(),
): Promise<{ id: string }> {
  return tx.inventorySync.create({
    data: {
      trigger,
      requestedById: caller.kind === "user" ? caller.userId : null,
      requestedBy: caller.kind === "user" ? caller.email : `system:${caller.name}`,
      accountsTotal: accounts.length,
      error,
      // One multi-row insert, not one per account (1,000 accounts).
      accounts: { createMany: { data: accounts.map((a) => ({ awsAccountId: a.id })) } },
    },
    select: { id: true },
  });
}

/** `users`: of the account's latest successful sync; null when it was never synced. */
export type SizedAccount = { id: string; accountId: string; users: number | null };

/** Every account with its size as its latest successful sync found it. */
export async function accountsBySize(): Promise<SizedAccount[]> {
  return db().$queryRaw<SizedAccount[]>`
    SELECT a.id, a.account_id AS "accountId", a.last_synced_users AS users FROM aws_accounts a ORDER BY a.account_id`;
}

/** One job per account, biggest first (lib/inventory/priority.ts); an account of unknown size is listed first. */
export async function enqueueAccounts(syncId: string, accounts: SizedAccount[]): Promise<void> {
  try {
    // The worker's fair gate and its other account slots keep the small accounts moving
    // while the big ones run.
    await enqueueMany(
      inventorySyncAccountJob,
      accounts.map((a) =>
        a.users === null
          ? { payload: { syncId, awsAccountId: a.id, phase: "list" as const }, options: { singletonKey: a.id, priority: LISTING_PRIORITY } }
          : { payload: { syncId, awsAccountId: a.id }, options: { singletonKey: a.id, priority: sizePriority(a.users) } },
      ),
    );
  } catch (error) {
    logger().error({ err: error, syncId }, "could not queue the inventory sync");
    await db().inventorySync.update({
      where: { id: syncId },
      data: { status: "failed", error: "The job queue was unavailable.", finishedAt: new Date() },
    });
    throw new UnavailableError("The job queue is unavailable, so the sync could not start. Try again in a minute.");
  }
}

/** When the latest run started (the scheduler's catch-up decides from it). */
export async function lastRunStartedAt(): Promise<Date | null> {
  const row = await db().inventorySync.findFirst({ orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  return row?.createdAt ?? null;
}
