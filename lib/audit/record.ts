import "server-only";
import type { AuditAction } from "@/lib/audit/actions";
import type { Caller } from "@/lib/auth/caller";
import { db, sql, type Prisma, type Tx as DbTx } from "@/lib/db";
import { AppError, ForbiddenError, isDatabaseUnavailable, UnavailableError } from "@/lib/errors";
import { logger, scrub } from "@/lib/logger";

export type AuditOutcome = "success" | "denied" | "failure";

export type AuditEntry = {
  /** One of AUDIT_ACTIONS: a new action is listed there, with its row in the completeness test. */
  action: AuditAction;
  outcome: AuditOutcome;
  target?: { type: string; id: string };
  /** Facts about the event. Never a secret value: keys naming one are redacted anyway. */
  details?: Record<string, unknown>;
};

type Tx = Pick<Prisma.TransactionClient, "auditEvent">;

/** The audit entry could not be written, so the action it records was not carried out. */
export class AuditWriteError extends UnavailableError {
  constructor(action: AuditAction) {
    super(`The audit log could not record “${action}”, so it was not done. Try again in a moment; if it persists, tell an administrator.`, {
      retryAfter: 5,
    });
  }
}

/**
 * Appends one entry to the audit log. The database chains its hash to the previous entry
 * and refuses to change it later. Callers await this before reporting success: when the
 * audit write fails, the action fails (fail closed), with an AuditWriteError (503).
 */
export async function recordAudit(caller: Caller | null, entry: AuditEntry, tx?: Tx): Promise<void> {
  const row = auditRow(caller, entry);
  try {
    if (tx) {
      await tx.auditEvent.create({ data: row, select: { id: true } });
      return;
    }
    // Outside a transaction (the common case, and the credential-vending path): one
    // statement on the shared pool; the trigger chains the hash.
    await sql(
      `INSERT INTO audit_events (actor_id, actor_email, action, outcome, target_type, target_id, ip, user_agent, request_id, details)
       VALUES ($1, $2, $3, $4::"AuditOutcome", $5, $6, $7, $8, $9, $10::jsonb)`,
      [
        row.actorId,
        row.actorEmail,
        row.action,
        row.outcome,
        row.targetType,
        row.targetId,
        row.ip,
        row.userAgent,
        row.requestId,
        JSON.stringify(row.details),
      ],
    );
  } catch (error) {
    // A database that is down is reported as such (503 too); anything else is the audit
    // log refusing this entry (permissions, a full disk, a trigger): say so, loudly.
    if (error instanceof AppError || isDatabaseUnavailable(error)) throw error;
    // The database refuses to record an AWS session for a person whose access ended while
    // their request was in flight (migration "lifecycle"): nothing is handed out.
    if (hasSqlState(error, "KL403")) throw new ForbiddenError("Your access to Keyless has ended: nothing was issued.");
    logger().error({ err: error, action: entry.action }, "audit write failed: the action is refused");
    throw new AuditWriteError(entry.action);
  }
}

function hasSqlState(error: unknown, code: string): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const c = e as { code?: unknown; originalCode?: unknown };
    if (c.code === code || c.originalCode === code) return true;
  }
  return false;
}

/** The row recordAudit writes, for callers that batch it into a transaction of their own. */
export function auditRow(caller: Caller | null, entry: AuditEntry) {
  const actor =
    caller?.kind === "user"
      ? { actorId: caller.userId, actorEmail: caller.email }
      : caller?.kind === "system"
        ? { actorId: null, actorEmail: `system:${caller.name}` }
        : { actorId: null, actorEmail: null };
  return {
    ...actor,
    action: entry.action,
    outcome: entry.outcome,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    ip: caller?.request.ip ?? null,
    userAgent: caller?.request.userAgent?.slice(0, 512) ?? null,
    requestId: caller?.request.requestId ?? null,
    details: scrub(entry.details ?? {}) as Prisma.InputJsonValue,
  };
}

export type AuditTx = DbTx;

/**
 * Runs a privileged change and audits its outcome, success or failure, in one place so
 * nothing is forgotten. `fn` makes its database changes through `tx`: they commit in one
 * transaction with the success entry, so a change whose entry cannot be written is rolled
 * back (fail closed). Side effects outside the database (queueing jobs, AWS calls) belong
 * before or after withAudit, not in `fn`. `fn` returns the value and the details to record.
 */
export async function withAudit<T>(
  caller: Caller,
  action: AuditAction,
  target: { type: string; id: string } | undefined,
  fn: (tx: AuditTx) => Promise<{ value: T; details?: Record<string, unknown>; target?: { type: string; id: string } }>,
): Promise<T> {
  try {
    return await auditedTransaction(async (tx) => {
      const result = await fn(tx);
      await recordAudit(caller, { action, outcome: "success", target: result.target ?? target, details: result.details }, tx);
      return result.value;
    });
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
 * A transaction for a change and its audit entry (written last: the entry's hash-chain
 * lock is held until commit, so keep the transaction short and free of remote calls).
 */
export function auditedTransaction<T>(fn: (tx: AuditTx) => Promise<T>): Promise<T> {
  return db().$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
}
