import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { db, Prisma } from "@/lib/db";
import { ageBuckets } from "@/lib/inventory/age-buckets";
import type { KeyFilters } from "@/lib/inventory/keys-query";
import { requireKeyScope } from "@/lib/inventory/keys";
import { whereSql, type KeyScope } from "@/lib/inventory/keys-sql";
import type { RotationPolicy } from "@/lib/inventory/policy";
import { currentRotationPolicy } from "@/lib/inventory/policy-store";
import { cachedStats, keysVersion } from "@/lib/inventory/stats-cache";
import type { KeyStats } from "@/lib/inventory/stats-types";
import { cutoff, KEY_STATES, type KeyState } from "@/lib/inventory/key-age-state";
import { stateSql } from "@/lib/inventory/key-age-state-sql";

// Counts for the keys page: how many keys are in each state, and how old they are, for
// the same scope and filters as the table (except the state filter, so every state's
// count stays visible). One pass over the visible rows.

const zero = () => Object.fromEntries(KEY_STATES.map((s) => [s, 0])) as Record<KeyState, number>;

/**
 * `filters` parsed by the keys schemas; its state filter is ignored. The scan is reused
 * for a minute while nothing in access_keys changed (stats-cache.ts): counts only move
 * when a sync writes or when keys age past a threshold, and ages are counted in days.
 */
export async function keyStats(caller: Caller, filters: KeyFilters): Promise<KeyStats> {
  const scope = await requireKeyScope(caller);
  const [policy, version] = await Promise.all([currentRotationPolicy(), keysVersion()]);
  const key = JSON.stringify([scope.owner, filters.accountId, filters.q, filters.owner, filters.integrationId, policy, version]);
  return cachedStats(key, () => computeStats(scope, filters, policy));
}

async function computeStats(scope: KeyScope, filters: KeyFilters, policy: RotationPolicy): Promise<KeyStats> {
  const now = new Date();
  const buckets = ageBuckets(policy);
  // A key's bucket = how many bucket starts (after 0) its age has reached.
  const bucketExpr = Prisma.join(
    buckets.slice(1).map((b) => Prisma.sql`(k.created_at <= ${cutoff(now, b.from)}::timestamptz)::int`),
    " + ",
  );
  const rows = await db().$queryRaw<{ state: KeyState; bucket: number; n: number }[]>`
    SELECT s.state, s.bucket, count(*)::int AS n
    FROM (SELECT ${stateSql(policy, now)} AS state, (${bucketExpr}) AS bucket
          FROM access_keys k WHERE ${whereSql(scope, { ...filters, state: "all" }, policy, now)}) s
    GROUP BY 1, 2`;
  const byState = zero();
  const ages = buckets.map((b) => ({ ...b, counts: zero() }));
  for (const r of rows) {
    byState[r.state] += r.n;
    const bucket = ages[r.bucket];
    if (bucket && r.state !== "deleted") bucket.counts[r.state] += r.n;
  }
  const total = KEY_STATES.filter((s) => s !== "deleted").reduce((sum, s) => sum + byState[s], 0);
  return { byState, ages, total };
}

/** Owners of visible keys, with how many each holds (the owner filter's suggestions). */
export async function listKeyOwners(caller: Caller): Promise<{ owner: string; keys: number }[]> {
  const scope = await requireKeyScope(caller);
  return db().$queryRaw<{ owner: string; keys: number }[]>`
    SELECT k.owner, count(*)::int AS keys FROM access_keys k
    WHERE k.deleted_at IS NULL AND k.owner IS NOT NULL AND ${scope.owner === null ? Prisma.sql`TRUE` : Prisma.sql`k.owner = ${scope.owner.toLowerCase()}`}
    GROUP BY k.owner ORDER BY k.owner`;
}

/** Accounts that hold visible keys, for the account filter (the first `limit`, by name, if given). */
export async function listKeyAccounts(caller: Caller, limit?: number): Promise<{ accountId: string; name: string }[]> {
  const scope = await requireKeyScope(caller);
  if (scope.owner === null)
    return db().$queryRaw<{ accountId: string; name: string }[]>`
      SELECT a.account_id AS "accountId", a.name FROM aws_accounts a ORDER BY a.name LIMIT ${limit ?? null}::int`;
  return db().$queryRaw<{ accountId: string; name: string }[]>`
    SELECT DISTINCT a.account_id AS "accountId", a.name FROM access_keys k JOIN aws_accounts a ON a.id = k.aws_account_id
    WHERE k.owner = ${scope.owner.toLowerCase()} ORDER BY a.name LIMIT ${limit ?? null}::int`;
}
