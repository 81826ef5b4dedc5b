import "server-only";
import { db, sql } from "@/lib/db";
import { RateLimitError } from "@/lib/errors";
import { evaluateWindow } from "@/lib/rate-limit/window";

// Counters live in Postgres so that every app instance enforces one limit. One statement
// per request: an atomic upsert per key that rolls the window over when it has passed and
// returns the counts, from which window.ts decides. Rows are keyed by name ("credentials:
// user:<id>"), so the table holds one row per active key; a job clears idle ones.

export type Limit = { key: string; limit: number };

export class RateLimitedError extends RateLimitError {
  constructor(
    retryAfterSeconds: number,
    /** The first refusal of a burst: worth auditing once. */
    readonly firstRefusal: boolean,
    readonly key: string,
  ) {
    super(retryAfterSeconds);
  }
}

/** What the counting statement returns for each key. */
export type CounterRow = { key: string; count: number; prev_count: number; elapsed_ms: number };

/** The limits that are on (limit 0 = off), the tightest per key, and their keys sorted. */
export function activeLimits(limits: readonly Limit[]): { limits: Map<string, number>; keys: string[] } {
  const active = new Map<string, number>();
  for (const l of limits) if (l.limit > 0) active.set(l.key, Math.min(l.limit, active.get(l.key) ?? Infinity));
  // Sorted keys: concurrent statements lock rows in the same order and cannot deadlock.
  return { limits: active, keys: [...active.keys()].sort() };
}

/**
 * The counting statement: an atomic upsert per key that rolls the window over when it has
 * passed. `keys` is a FROM item with a column `k` (sorted: concurrent statements then lock
 * rows in the same order) and `window` names the window's parameter (seconds), so the
 * credential vending path can run it as one CTE of its single statement (lib/credentials/preflight.ts).
 */
export function countingSql(keys: string, window: string): string {
  return `INSERT INTO rate_limit_counters AS r (key, window_start, count, prev_count)
     SELECT k, to_timestamp(floor(extract(epoch FROM now()) / ${window}::int) * ${window}::int), 1, 0
     FROM ${keys}
     ON CONFLICT (key) DO UPDATE SET
       prev_count = CASE
         WHEN r.window_start = EXCLUDED.window_start THEN r.prev_count
         WHEN r.window_start = EXCLUDED.window_start - make_interval(secs => ${window}::int) THEN r.count
         ELSE 0 END,
       count = CASE WHEN r.window_start = EXCLUDED.window_start THEN r.count + 1 ELSE 1 END,
       window_start = EXCLUDED.window_start
     RETURNING key, count, prev_count, (extract(epoch FROM (now() - window_start)) * 1000)::float8 AS elapsed_ms`;
}

/** Throws a RateLimitedError (429) when any counted key is over its limit: the longest wait wins. */
export function refuseOverLimit(rows: readonly CounterRow[], limits: ReadonlyMap<string, number>, windowSeconds: number): void {
  let worst: RateLimitedError | undefined;
  for (const row of rows) {
    const limit = limits.get(row.key) ?? Infinity;
    const decision = evaluateWindow(
      { count: row.count, prevCount: row.prev_count, elapsedMs: row.elapsed_ms, windowMs: windowSeconds * 1000 },
      limit,
    );
    if (!decision.allowed && (!worst || decision.retryAfterSeconds > worst.retryAfterSeconds)) {
      worst = new RateLimitedError(decision.retryAfterSeconds, decision.firstRefusal, row.key);
    }
  }
  if (worst) throw worst;
}

/**
 * Counts one request against each limit (limit 0 = off) and throws a RateLimitedError
 * (429, Retry-After) when any is exceeded. Refused requests count too, so a client that
 * hammers stays refused.
 */
export async function consumeRateLimit(limits: readonly Limit[], windowSeconds = 60): Promise<void> {
  const active = activeLimits(limits);
  if (active.keys.length === 0) return;
  // On the shared pool directly (lib/db.ts explains why not Prisma here).
  refuseOverLimit(
    await sql<CounterRow>(countingSql("unnest($1::text[]) AS k", "$2"), [active.keys, windowSeconds]),
    active.limits,
    windowSeconds,
  );
}

/** Drops counters idle for more than an hour (their windows can no longer matter). */
export async function pruneRateLimitCounters(): Promise<number> {
  return db().$executeRaw`DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 hour'`;
}
