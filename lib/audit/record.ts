import "server-only";
import type { AuditAction } from "@/lib/audit/actions";
import { AuditWriteError, recordAudit, type AuditEntry } from "@/lib/audit/append";
import type { Caller, SystemCaller } from "@/lib/auth/caller";
import { db, type Tx as DbTx } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/errors";
import { logger } from "@/lib/logger";

// The three ways into the audit log (ADR 004, ADR 017), and the only ones (a lint rule keeps
// lib/audit/append.ts private):
//   withAudit        a privileged change and its entry, committed together; or an event
//                    that changes nothing itself (a sign-in, an issuance, an export).
//   auditRefusal     something asked for and not done: refused (denied) or failed.
//   auditSystemStep  what a job or the worker did on its own (actor system:<name>).
// Every write is awaited and fails closed: an entry that cannot be written is an
// AuditWriteError (503), and the action it records is not done or not reported as done.

export { AuditWriteError, type AuditEntry, type AuditOutcome } from "@/lib/audit/append";
export type AuditTx = DbTx;
export type AuditTarget = { type: string; id: string };
/** Another entry in the same transaction (e.g. the grant an approval creates). */
export type AlsoAudit = (entry: AuditEntry) => Promise<void>;
type Change<T> = {
  value: T;
  details?: Record<string, unknown>;
  target?: AuditTarget;
  /** "denied": the change was refused inside the transaction (a re-check under a lock). */
  outcome?: "success" | "denied";
  /** Nothing changed after all (a conditional update matched no row): no entry of its own. */
  unchanged?: boolean;
};

/**
 * Runs a privileged change and audits its outcome in one place, so nothing is forgotten.
 * `fn` makes its database changes through `tx`; they commit with the entry, so a change
 * whose entry cannot be written is rolled back (fail closed). Keep side effects outside
 * the database (queueing jobs, AWS calls) before or after withAudit: the entry's chain lock
 * is held until commit. When `fn` throws, a failure entry says why.
 * With `{ details }` instead of `fn`: an event that changes nothing itself, one entry.
 */
export async function withAudit<T>(
  caller: Caller,
  action: AuditAction,
  target: AuditTarget | undefined,
  fn: (tx: AuditTx, also: AlsoAudit) => Promise<Change<T>>,
): Promise<T>;
export async function withAudit(
  caller: Caller,
  action: AuditAction,
  target: AuditTarget | undefined,
  event: { details?: Record<string, unknown> },
): Promise<void>;
export async function withAudit<T>(
  caller: Caller,
  action: AuditAction,
  target: AuditTarget | undefined,
  change: ((tx: AuditTx, also: AlsoAudit) => Promise<Change<T>>) | { details?: Record<string, unknown> },
): Promise<T | void> {
  if (typeof change !== "function") return recordAudit(caller, { action, outcome: "success", target, details: change.details });
  try {
    return await db().$transaction(
      async (tx) => {
        const result = await change(tx, (entry) => recordAudit(caller, entry, tx));
        const outcome = result.outcome ?? "success";
        if (!result.unchanged) await recordAudit(caller, { action, outcome, target: result.target ?? target, details: result.details }, tx);
        return result.value;
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
  } catch (error) {
    if (!(error instanceof AuditWriteError) && !isDatabaseUnavailable(error)) {
      const message = error instanceof Error ? error.message : String(error);
      // The action already failed; a failing audit write must not hide why.
      await recordAudit(caller, { action, outcome: "failure", target, details: { error: message.slice(0, 500) } }).catch(
        (auditError: unknown) => logger().error({ err: auditError, action }, "audit write failed"),
      );
    }
    throw error;
  }
}

/**
 * Records that `action` was asked for and not done: "denied" (refused: not allowed, over a
 * limit, a rule said no) or "failure" (tried and failed). Awaited before the refusal is
 * reported, so every refusal is on record.
 */
export function auditRefusal(
  caller: Caller | null,
  action: AuditAction,
  refusal: { outcome?: "denied" | "failure"; target?: AuditTarget; details?: Record<string, unknown> },
): Promise<void> {
  return recordAudit(caller, { action, outcome: refusal.outcome ?? "denied", target: refusal.target, details: refusal.details });
}

/** Records a step a job or the worker took on its own (actor `system:<name>`), in `tx` when given. */
export function auditSystemStep(system: SystemCaller, entry: AuditEntry, tx?: AuditTx): Promise<void> {
  return recordAudit(system, entry, tx);
}
