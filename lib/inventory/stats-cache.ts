import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { KeyStats } from "@/lib/inventory/stats-types";

// The keys page's counts scan every visible key; between syncs they hardly change. A
// computed result is reused for up to a minute (KEYLESS_INVENTORY_STATS_CACHE_SECONDS), and
// only while the data is unchanged:
// the cache key holds (1) the latest sync run and whether it has finished, read from the
// table, so a page refreshed when a sync ends always recounts, and (2) Postgres' count of
// inserts, updates and deletes on access_keys, which catches any other writer (it lags a
// second or so: its counters are flushed when a session goes idle).
// The per-process cache holds at most a few hundred filter combinations.

const MAX_ENTRIES = 300;
const entries = new Map<string, { at: number; value: Promise<KeyStats> }>();

/**
 * Changes when a sync run starts or ends, and whenever a row of access_keys is written. The
 * counters come from their functions, not the pg_stat_user_tables view, which computes two
 * dozen columns for every table before its WHERE applies.
 */
export async function keysVersion(): Promise<string> {
  const [row] = await db().$queryRaw<{ v: string | null }[]>`
    SELECT coalesce((SELECT id::text || '@' || coalesce(finished_at::text, 'running') FROM inventory_syncs ORDER BY created_at DESC LIMIT 1), '')
        || '/' || (pg_stat_get_tuples_inserted('access_keys'::regclass) + pg_stat_get_tuples_updated('access_keys'::regclass)
                   + pg_stat_get_tuples_deleted('access_keys'::regclass))::text AS v`;
  return row?.v ?? String(Date.now());
}

export function cachedStats(key: string, compute: () => Promise<KeyStats>): Promise<KeyStats> {
  const ttl = env().KEYLESS_INVENTORY_STATS_CACHE_SECONDS * 1000;
  if (ttl === 0) return compute();
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && now - hit.at < ttl) return hit.value;
  const value = compute();
  entries.set(key, { at: now, value });
  // A failed computation is not kept.
  value.catch(() => entries.delete(key));
  if (entries.size > MAX_ENTRIES) {
    for (const [k, e] of entries) if (now - e.at >= ttl || entries.size > MAX_ENTRIES) entries.delete(k);
  }
  return value;
}
