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

type Row = { key: string; count: number; prev_count: number; elapsed_ms: number };

/**
 * Counts one request against each limit (limit 0 = off) and throws a RateLimitedError
 * (429, Retry-After) when any is exceeded. Refused requests count too, so a client that
 * hammers stays refused.
 */
export async function consumeRateLimit(limits: readonly Limit[], windowSeconds = 60): Promise<void> {
  const active = new Map<string, number>();
  for (const l of limits) if (l.limit > 0) active.set(l.key, Math.min(l.limit, active.get(l.key) ?? Infinity));
  if (active.size === 0) return;
  // Sorted keys: concurrent statements lock rows in the same order and cannot deadlock.
  const keys = [...active.keys()].sort();
  // On the vending path: the shared pool directly (lib/db.ts explains why not Prisma here).
  const rows = await sql<Row>(
    `INSERT INTO rate_limit_counters AS r (key, window_start, count, prev_count)
     SELECT k, to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int), 1, 0
     FROM unnest($1::text[]) AS k
     ON CONFLICT (key) DO UPDATE SET
       prev_count = CASE
         WHEN r.window_start = EXCLUDED.window_start THEN r.prev_count
         WHEN r.window_start = EXCLUDED.window_start - make_interval(secs => $2::int) THEN r.count
         ELSE 0 END,
       count = CASE WHEN r.window_start = EXCLUDED.window_start THEN r.count + 1 ELSE 1 END,
       window_start = EXCLUDED.window_start
     RETURNING key, count, prev_count, (extract(epoch FROM (now() - window_start)) * 1000)::float8 AS elapsed_ms`,
    [keys, windowSeconds],
  );
  let worst: RateLimitedError | undefined;
  for (const row of rows) {
    const limit = active.get(row.key) ?? Infinity;
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

/** Drops counters idle for more than an hour (their windows can no longer matter). */
export async function pruneRateLimitCounters(): Promise<number> {
  return db().$executeRaw`DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 hour'`;
}
