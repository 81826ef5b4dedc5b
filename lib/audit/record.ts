import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { sql, type Prisma } from "@/lib/db";
import { logger, scrub } from "@/lib/logger";

export type AuditOutcome = "success" | "denied" | "failure";

export type AuditEntry = {
  action: string;
  outcome: AuditOutcome;
  target?: { type: string; id: string };
  /** Facts about the event. Never a secret value: keys naming one are redacted anyway. */
  details?: Record<string, unknown>;
};

type Tx = Pick<Prisma.TransactionClient, "auditEvent">;

/**
 * Appends one entry to the audit log. The database chains its hash to the previous entry
 * and refuses to change it later. Callers await this before reporting success: when the
 * audit write fails, the action fails (fail closed).
 */
export async function recordAudit(caller: Caller | null, entry: AuditEntry, tx?: Tx): Promise<void> {
  const row = auditRow(caller, entry);
  if (tx) {
    await tx.auditEvent.create({ data: row, select: { id: true } });
    return;
  }
  // Outside a transaction (the common case, and the credential-vending path): one
  // statement on the shared pool; the trigger chains the hash.
  await sql(
    `INSERT INTO audit_events (actor_id, actor_email, action, outcome, target_type, target_id, ip, user_agent, request_id, details)
     VALUES ($1, $2, $3, $4::"AuditOutcome", $5, $6, $7, $8, $9, $10::jsonb)`,
    [row.actorId, row.actorEmail, row.action, row.outcome, row.targetType, row.targetId, row.ip, row.userAgent, row.requestId, JSON.stringify(row.details)],
  );
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

/**
 * Runs a privileged change and audits its outcome, success or failure, in one place so
 * nothing is forgotten. `fn` returns the value and the details worth recording.
 */
export async function withAudit<T>(
  caller: Caller,
  action: string,
  target: { type: string; id: string } | undefined,
  fn: () => Promise<{ value: T; details?: Record<string, unknown>; target?: { type: string; id: string } }>,
): Promise<T> {
  let result: Awaited<ReturnType<typeof fn>>;
  try {
    result = await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The action already failed; a failing audit write must not hide why.
    await recordAudit(caller, { action, outcome: "failure", target, details: { error: message.slice(0, 500) } }).catch(
      (auditError: unknown) => logger().error({ err: auditError, action }, "audit write failed"),
    );
    throw error;
  }
  await recordAudit(caller, { action, outcome: "success", target: result.target ?? target, details: result.details });
  return result.value;
}
