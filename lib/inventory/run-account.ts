import "server-only";
import { auditSystemStep } from "@/lib/audit/record";
import { systemCaller } from "@/lib/auth/caller";
import { AwsCallError } from "@/lib/aws/errors";
import { db } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/errors";
import { LockLostError, lockOn, withLockOrThrow } from "@/lib/locks/liveness";
import { logger } from "@/lib/logger";
import { listAccount, type Listed } from "@/lib/inventory/list-phase";
import { sizePriority } from "@/lib/inventory/priority";
import { readAndWriteAccount } from "@/lib/inventory/sync-account";
import { inventorySyncAccountJob } from "@/lib/jobs/definitions/inventory-sync-account";
import { enqueue } from "@/lib/jobs/enqueue";

// The worker's side of a sync run: one job per account (lib/jobs/definitions/
// inventory-sync-account.ts). An account that fails is recorded with its error and never
// fails the others; the last account to finish closes the run and audits it. A database
// outage is not the account's failure: the job is retried and the account synced again.

function describe(error: unknown): string {
  if (error instanceof AwsCallError) return `${error.service} ${error.operation}: ${error.code}: ${error.message}`.slice(0, 1000);
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

/**
 * "all": the whole account in this job. A first sync splits it (lib/inventory/list-phase.ts):
 * "list" lists and writes the users, then queues "keys" ranked by the user count; "keys" reads
 * the keys of the users listed at the row's start and adds its counts to the listing's.
 */
export type SyncPhase = "all" | "list" | "keys";

export async function runAccountSync(syncId: string, awsAccountId: string, phase: SyncPhase = "all"): Promise<void> {
  const where = { syncId_awsAccountId: { syncId, awsAccountId } };
  const row = await db().inventorySyncAccount.findUnique({
    where,
    select: {
      status: true,
      startedAt: true,
      awsCalls: true,
      throttles: true,
      dbMs: true,
      account: { select: { accountId: true, name: true, inventoryRoleArn: true } },
    },
  });
  // Gone (the account was removed): nothing to do. Already done (a repeated delivery, or the
  // retry of a job whose run could not be closed): only the close, which is idempotent.
  if (!row) return;
  if (row.status === "succeeded" || row.status === "failed") return finishRunIfDone(syncId);
  const { account } = row;
  // The second half goes on from the listing (its start is every row's last_seen_at).
  const resumed = phase === "keys" && row.startedAt ? row.startedAt : null;
  const before = resumed ? row : { awsCalls: 0, throttles: 0, dbMs: 0 };
  let done = true;

  // One sync per account at a time across every worker (pg-boss's singleton queue aside, a
  // job that expired while still running may be retried elsewhere).
  await withLockOrThrow(
    lockOn.account(awsAccountId),
    async (hold) => {
      const seenAt = resumed ?? new Date();
      await db().inventorySyncAccount.update({ where, data: { status: "running", startedAt: seenAt }, select: { id: true } });
      await db().inventorySync.updateMany({ where: { id: syncId, startedAt: null }, data: { startedAt: seenAt, status: "running" } });
      const ref = { awsAccountId, accountId: account.accountId, inventoryRoleArn: account.inventoryRoleArn };
      try {
        if (phase === "list") {
          const listed = await listAccount(ref, seenAt);
          hold.assertHeld();
          await queueKeysPhase(syncId, awsAccountId, listed);
          logger().info({ syncId, accountId: account.accountId, users: listed.users }, "inventory account listed");
          done = false;
          return;
        }
        const result = await readAndWriteAccount(
          ref,
          seenAt,
          async (p) => {
            hold.assertHeld();
            await db().inventorySyncAccount.update({
              where,
              data: { ...p, awsCalls: before.awsCalls + p.awsCalls, throttles: before.throttles + p.throttles },
              select: { id: true },
            });
          },
          hold,
          resumed !== null,
        );
        hold.assertHeld();
        const totals = {
          awsCalls: before.awsCalls + result.awsCalls,
          throttles: before.throttles + result.throttles,
          dbMs: before.dbMs + result.dbMs,
        };
        await db().inventorySyncAccount.update({
          where,
          data: { status: "succeeded", users: result.users, keys: result.keys, ...totals, warning: result.warning, finishedAt: new Date() },
          select: { id: true },
        });
        logger().info(
          { syncId, accountId: account.accountId, ...result, ...totals, ms: Date.now() - seenAt.getTime() },
          "inventory account synced",
        );
      } catch (error) {
        // The database went away mid-sync, or with it the account's lock: not this account's
        // failure. The job retries (and if the worker cannot even record the failure,
        // lib/jobs/recover.ts retries it) and the account is synced again.
        if (isDatabaseUnavailable(error) || error instanceof LockLostError) throw error;
        logger().warn({ syncId, accountId: account.accountId, err: error }, "inventory account sync failed");
        await db().inventorySyncAccount.update({
          where,
          data: { status: "failed", error: describe(error), finishedAt: new Date() },
          select: { id: true },
        });
      }
    },
    30 * 60_000,
  );
  if (done) await finishRunIfDone(syncId);
}

/** The listing's counts on the row (queued again), and the per-user half queued by size. */
async function queueKeysPhase(syncId: string, awsAccountId: string, listed: Listed): Promise<void> {
  const { users, awsCalls, throttles, dbMs } = listed;
  await db().inventorySyncAccount.update({
    where: { syncId_awsAccountId: { syncId, awsAccountId } },
    data: { status: "queued", users, awsCalls, throttles, dbMs },
    select: { id: true },
  });
  // A key of its own: the listing's job is still active while this one is queued.
  await enqueue(
    inventorySyncAccountJob,
    { syncId, awsAccountId, phase: "keys" },
    { singletonKey: `${awsAccountId}:keys`, priority: sizePriority(users) },
  );
}

type Finished = {
  status: string;
  trigger: string;
  requested_by: string | null;
  accounts_total: number;
  accounts_failed: number;
  users: number;
  keys: number;
  aws_calls: number;
  throttles: number;
};

/**
 * Closes the run once every account is done; exactly one caller gets the row back. The close
 * commits with its audit entry: when the log cannot record it, the run stays open and the
 * job's retry closes it.
 */
export async function finishRunIfDone(syncId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const [run] = await tx.$queryRaw<Finished[]>`
    UPDATE inventory_syncs s SET
      status = CASE WHEN a.failed = 0 THEN 'succeeded' WHEN a.failed = a.total THEN 'failed' ELSE 'partial' END,
      accounts_total = a.total, accounts_done = a.done, accounts_failed = a.failed, users = a.users, keys = a.keys,
      aws_calls = a.aws_calls, throttles = a.throttles, db_ms = a.db_ms, finished_at = now()
    FROM (SELECT count(*)::int AS total,
                 (count(*) FILTER (WHERE status IN ('succeeded', 'failed')))::int AS done,
                 (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
                 coalesce(sum(users), 0)::int AS users, coalesce(sum(keys), 0)::int AS keys,
                 coalesce(sum(aws_calls), 0)::int AS aws_calls, coalesce(sum(throttles), 0)::int AS throttles,
                 coalesce(sum(db_ms), 0)::int AS db_ms
          FROM inventory_sync_accounts WHERE sync_id = ${syncId}::uuid) a
    WHERE s.id = ${syncId}::uuid AND s.finished_at IS NULL AND a.done = a.total
    RETURNING s.status, s.trigger, s.requested_by, s.accounts_total, s.accounts_failed, s.users, s.keys, s.aws_calls, s.throttles`;
    if (!run) return;
    const errors = await tx.inventorySyncAccount.findMany({
      where: { syncId, status: "failed" },
      select: { error: true, account: { select: { accountId: true } } },
    });
    await auditSystemStep(
      systemCaller("inventory"),
      {
        action: "inventory.sync.finish",
        outcome: run.status === "succeeded" ? "success" : "failure",
        target: { type: "inventory_sync", id: syncId },
        details: {
          status: run.status,
          trigger: run.trigger,
          requestedBy: run.requested_by,
          accounts: run.accounts_total,
          failedAccounts: run.accounts_failed,
          users: run.users,
          keys: run.keys,
          awsCalls: run.aws_calls,
          throttles: run.throttles,
          errors: errors.map((e) => ({ accountId: e.account.accountId, error: e.error })),
        },
      },
      tx,
    );
  });
}
