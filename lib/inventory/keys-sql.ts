import "server-only";
import { Prisma } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import type { Cursor } from "@/lib/inventory/cursor";
import type { KeyFilters, KeysQuery, SortField } from "@/lib/inventory/keys-query";
import { sortParts, type Sort } from "@/lib/inventory/keys-query";
import { NEVER_USED_SORT_VALUE } from "@/lib/inventory/key-row";
import type { RotationPolicy } from "@/lib/inventory/policy";
import { severitySql, stateFilterSql } from "@/lib/inventory/key-age-state-sql";

// SQL for the keys table: who may see what (scope), the filters, the order, and the
// keyset condition after a cursor. Rows are aliased `k` (access_keys).

/** null = every key (keys.read.all); an email = only the keys that person owns. */
export type KeyScope = { owner: string | null };

type SortSql = { expr: (p: RotationPolicy, now: Date) => Prisma.Sql; kind: "time" | "text" | "int"; reversed?: boolean };

const SORT_SQL: Record<SortField, SortSql> = {
  // Age grows as created_at shrinks: "age ascending" walks created_at descending.
  age: { expr: () => Prisma.sql`k.created_at`, kind: "time", reversed: true },
  // A constant, not a parameter, so that the expression is the one access_keys_last_used_sort_idx
  // is built on (migration 20261211080000): the planner walks that index instead of sorting every key.
  lastUsed: { expr: () => Prisma.raw(`coalesce(k.last_used_at, TIMESTAMPTZ '${NEVER_USED_SORT_VALUE}')`), kind: "time" },
  userName: { expr: () => Prisma.sql`k.user_name`, kind: "text" },
  accountId: { expr: () => Prisma.sql`k.account_id`, kind: "text" },
  state: { expr: severitySql, kind: "int" },
  accessKeyId: { expr: () => Prisma.sql`k.access_key_id`, kind: "text" },
};

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Scope and filters. `withState: false` leaves the state filter out (the per-state counts). */
export function whereSql(scope: KeyScope, f: KeyFilters, policy: RotationPolicy, now: Date, withState = true): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (scope.owner !== null) parts.push(Prisma.sql`k.owner = ${scope.owner.toLowerCase()}`);
  if (withState) {
    if (f.state === undefined) parts.push(Prisma.sql`k.deleted_at IS NULL`);
    else if (f.state !== "all") parts.push(stateFilterSql(f.state, policy, now));
  }
  if (f.accountId) parts.push(Prisma.sql`k.account_id = ${f.accountId}`);
  if (f.q) parts.push(Prisma.sql`(k.access_key_id ILIKE ${likePattern(f.q)} OR k.user_name ILIKE ${likePattern(f.q)})`);
  if (f.owner === "none") parts.push(Prisma.sql`k.owner IS NULL`);
  else if (f.owner) parts.push(Prisma.sql`k.owner = ${f.owner}`);
  if (f.integrationId === "none") parts.push(Prisma.sql`k.integration_id IS NULL`);
  else if (f.integrationId === "any") parts.push(Prisma.sql`k.integration_id IS NOT NULL`);
  else if (f.integrationId) parts.push(Prisma.sql`k.integration_id = ${f.integrationId}`);
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}

function direction(sort: Sort): { desc: boolean; spec: SortSql } {
  const { field, descending } = sortParts(sort);
  const spec = SORT_SQL[field];
  return { desc: descending !== Boolean(spec.reversed), spec };
}

export function orderSql(sort: Sort, policy: RotationPolicy, now: Date): Prisma.Sql {
  const { desc, spec } = direction(sort);
  const dir = Prisma.raw(desc ? "DESC" : "ASC");
  return Prisma.sql`ORDER BY ${spec.expr(policy, now)} ${dir}, k.access_key_id ${dir}`;
}

/** Rows strictly after the cursor's row in this order. */
export function afterSql(cursor: Cursor, policy: RotationPolicy, now: Date): Prisma.Sql {
  const { desc, spec } = direction(cursor.sort);
  const bad = () =>
    new ValidationError("The cursor is not one Keyless issued: start again without it.", [{ path: "cursor", message: "Malformed" }]);
  let value: Prisma.Sql;
  if (spec.kind === "time") {
    if (typeof cursor.value !== "string" || Number.isNaN(Date.parse(cursor.value))) throw bad();
    value = Prisma.sql`${cursor.value}::timestamptz`;
  } else if (spec.kind === "int") {
    if (typeof cursor.value !== "number") throw bad();
    value = Prisma.sql`${cursor.value}::int`;
  } else {
    if (typeof cursor.value !== "string") throw bad();
    value = Prisma.sql`${cursor.value}::text`;
  }
  const op = Prisma.raw(desc ? "<" : ">");
  return Prisma.sql`(${spec.expr(policy, now)}, k.access_key_id) ${op} (${value}, ${cursor.accessKeyId}::text)`;
}

/**
 * One page of the keys table (`limit` + 1 rows, so the caller knows whether another follows):
 * the statement listKeys runs, and the one bench/inventory.ts explains at 20,000 keys.
 */
export function keysPageSql(scope: KeyScope, q: KeysQuery, policy: RotationPolicy, asOf: Date, cursor: Cursor | null): Prisma.Sql {
  const where = [whereSql(scope, q, policy, asOf)];
  if (cursor) where.push(afterSql(cursor, policy, asOf));
  return Prisma.sql`
    SELECT k.access_key_id, k.user_name, k.account_id, a.name AS account_name, k.status::text AS status, k.created_at,
           k.last_used_at, k.last_used_service, k.last_used_region, k.owner, k.team, k.integration_id, k.deleted_at
    FROM access_keys k JOIN aws_accounts a ON a.id = k.aws_account_id
    WHERE ${Prisma.join(where, " AND ")}
    ${orderSql(q.sort, policy, asOf)}
    LIMIT ${q.limit + 1}`;
}
