import "server-only";
import type { AuditAction } from "@/lib/audit/actions";
import { auditKey, sealOf } from "@/lib/audit/seal";
import type { Caller } from "@/lib/auth/caller";
import type pg from "pg";
import { inlineValues } from "@/lib/audit/literals";
import { checkout, pool, Prisma, type Tx } from "@/lib/db";
import { AppError, ForbiddenError, isDatabaseUnavailable, UnavailableError } from "@/lib/errors";
import { logger, scrub } from "@/lib/logger";

// The one place that writes audit rows. Code outside lib/audit goes through withAudit,
// auditRefusal or auditSystemStep (lib/audit/record.ts); a lint rule keeps this module
// private. The rotation recorder, which writes its entry inside one multi-CTE statement,
// takes the INSERT and the seal from here (auditInsertSql, auditSealSql).

export type AuditOutcome = "success" | "denied" | "failure";

export type AuditEntry = {
  /** One of AUDIT_ACTIONS: a new action is listed there, with its row in the completeness test. */
  action: AuditAction;
  outcome: AuditOutcome;
  target?: { type: string; id: string };
  /** Facts about the event. Never a secret value: keys naming one are redacted anyway. */
  details?: Record<string, unknown>;
};

/** The audit entry could not be written, so the action it records was not carried out. */
export class AuditWriteError extends UnavailableError {
  constructor(action: AuditAction) {
    super(`The audit log could not record “${action}”, so it was not done. Try again in a moment; if it persists, tell an administrator.`, {
      retryAfter: 5,
    });
  }
}

/** What the database returns for an entry it wrote: the seal is computed from its hash. */
export type WrittenEntry = { id: bigint | string; hash: string };

/** The row an entry becomes: the actor's columns, the request's and the scrubbed details. */
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
    details: JSON.stringify(scrub(entry.details ?? {})),
  };
}

/**
 * The INSERT of one entry, `RETURNING id, hash`. `from` makes it a data-modifying CTE's
 * step that writes only when that CTE has a row (the rotation recorder: `FROM r`). The
 * database's trigger chains the hash; auditSealSql seals it in the same transaction.
 */
export function auditInsertSql(row: ReturnType<typeof auditRow>, from: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`INSERT INTO audit_events (actor_id, actor_email, action, outcome, target_type, target_id, ip, user_agent, request_id, details)
    SELECT ${row.actorId}, ${row.actorEmail}, ${row.action}, ${row.outcome}::"AuditOutcome", ${row.targetType}, ${row.targetId},
      ${row.ip}, ${row.userAgent}, ${row.requestId}, ${row.details}::jsonb ${from}
    RETURNING id, hash`;
}

/** The seal of an entry just written, for the same transaction (null when no key is configured). */
export function auditSealSql(written: WrittenEntry): Prisma.Sql | null {
  const key = auditKey();
  return key ? Prisma.sql`INSERT INTO audit_macs (event_id, mac) VALUES (${BigInt(written.id)}, ${sealOf(written.hash, key)})` : null;
}

/**
 * Appends one entry and its seal. In `tx` when given (the change and its entry commit
 * together); otherwise in a short transaction of its own on the shared pool: three round
 * trips (BEGIN with the INSERT; the seal with COMMIT), the credential-vending path's cost.
 * Fails closed: an entry the database refuses is an AuditWriteError (503).
 */
export async function recordAudit(caller: Caller | null, entry: AuditEntry, tx?: Tx): Promise<void> {
  const insert = auditInsertSql(auditRow(caller, entry));
  try {
    if (tx) {
      const [written] = await tx.$queryRaw<WrittenEntry[]>(insert);
      const seal = written ? auditSealSql(written) : null;
      if (seal) await tx.$executeRaw(seal);
    } else {
      const rows = await sealedOnPool<WrittenEntry>(insert, (written) => written[0]);
      if (rows.length !== 1) throw new Error("the database wrote no audit entry");
    }
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

/**
 * Runs `statement`, which writes one entry, and seals that entry, in one transaction on
 * the shared pool, in two round trips: BEGIN with the statement, then the seal with COMMIT.
 * Two is the least: the seal is the HMAC of the hash the database computes for the entry
 * (its id and time included), and the key never goes to the database (ADR 017). Without a
 * key, the statement alone. `written` picks the entry's id and hash from the result rows;
 * when it finds none, the transaction is rolled back and the rows returned as they are.
 */
export async function sealedOnPool<R extends pg.QueryResultRow>(
  statement: Prisma.Sql,
  written: (rows: R[]) => { id: string | bigint | null; hash: string | null } | undefined,
): Promise<R[]> {
  const key = auditKey();
  if (!key) return (await pool().query<R>(statement.text, statement.values)).rows;
  const { client, release } = await checkout(pool(), "audit");
  let committed = false;
  try {
    const rows = await beginWith<R>(client, statement);
    const entry = written(rows);
    // Nothing written (the row a CTE depended on is gone): nothing to seal, nothing to keep.
    if (entry?.id === null || entry?.id === undefined) return rows;
    const id = String(entry.id);
    const hash = String(entry.hash);
    if (!/^\d+$/.test(id) || !/^[0-9a-f]{64}$/.test(hash)) throw new Error("the audit entry came back malformed");
    // The seal and the COMMIT in one round trip (a simple query takes no parameters): both
    // values are ours and checked above, a decimal id and a hex MAC.
    await client.query(`INSERT INTO audit_macs (event_id, mac) VALUES (${id}, '${sealOf(hash, key)}'); COMMIT`);
    committed = true;
    return rows;
  } finally {
    // A connection that cannot even roll back is not given back to the pool.
    const clean =
      committed ||
      (await client.query("ROLLBACK").then(
        () => true,
        () => false,
      ));
    release(!clean);
  }
}

/**
 * BEGIN and `statement` in one round trip. A parameterised statement cannot share a round
 * trip with BEGIN (node-postgres does not pipeline), so its values go in as literals quoted
 * by pg's own escapeLiteral: untyped quoted literals, which Postgres types from their context
 * exactly as it types untyped parameters (node-postgres sends these values as text too).
 * Other values (dates, arrays, buffers) and statements with dollar quoting take the
 * parameterised way, one round trip more.
 */
async function beginWith<R extends pg.QueryResultRow>(client: pg.PoolClient, statement: Prisma.Sql): Promise<R[]> {
  const inlined = inlineValues(statement.text, statement.values);
  if (inlined === null) {
    await client.query("BEGIN");
    return (await client.query<R>(statement.text, statement.values)).rows;
  }
  const results = (await client.query(`BEGIN; ${inlined}`)) as unknown as pg.QueryResult<R>[];
  return results[results.length - 1]?.rows ?? [];
}

function hasSqlState(error: unknown, code: string): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const c = e as { code?: unknown; originalCode?: unknown; meta?: { code?: unknown } };
    if (c.code === code || c.originalCode === code || c.meta?.code === code) return true;
  }
  return false;
}
