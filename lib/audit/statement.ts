import "server-only";
import type pg from "pg";
import { auditInsertSql, auditRow, sealedOnPool, type AuditEntry } from "@/lib/audit/append";
import type { SystemCaller } from "@/lib/auth/caller";
import type { Prisma } from "@/lib/db";

// For a writer whose change and audit entry are one SQL statement (the rotation recorder:
// data-modifying CTEs, 16+ times a rotation). lib/audit owns the entry's INSERT and its seal:
// the statement embeds auditInsertCte as one of its CTEs and returns that CTE's id and hash
// as `audit_id` and `audit_hash`; runAuditedStatement runs it and seals the entry in one
// transaction.

/** The entry's INSERT … RETURNING id, hash; `from` makes it depend on a CTE (`FROM r`). */
export function auditInsertCte(actor: SystemCaller, entry: AuditEntry, from: Prisma.Sql): Prisma.Sql {
  return auditInsertSql(auditRow(actor, entry), from);
}

/** Runs the statement and seals the entry it wrote (none written: nothing is committed). */
export function runAuditedStatement<R extends pg.QueryResultRow & { audit_id: string | null; audit_hash: string | null }>(
  statement: Prisma.Sql,
): Promise<R[]> {
  return sealedOnPool<R>(statement, (rows) => rows[0] && { id: rows[0].audit_id, hash: rows[0].audit_hash });
}
