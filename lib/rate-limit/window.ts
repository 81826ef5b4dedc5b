// Sliding-window rate limiting, estimated from two fixed windows (the current one and the
// one before it, weighted by how much of it still overlaps the sliding window). Pure: the
// counts come from Postgres (limiter.ts), so every app instance shares them.

export type WindowCounts = {
  /** Requests counted in the current fixed window, this one included. */
  count: number;
  /** Requests counted in the previous fixed window. */
  prevCount: number;
  /** How far into the current window this request is. */
  elapsedMs: number;
  windowMs: number;
};

export type WindowDecision = {
  allowed: boolean;
  /** Requests in the last window's length, this one included. */
  estimate: number;
  /** When refused: seconds until one more request would be allowed. */
  retryAfterSeconds: number;
  /** True for the first refused request of a burst (worth one audit entry, not one each). */
  firstRefusal: boolean;
};

function weighted(prevCount: number, elapsedMs: number, windowMs: number): number {
  return prevCount * Math.max(0, 1 - elapsedMs / windowMs);
}

/** Milliseconds from now until `prev·(1 − t/W) + current + 1 ≤ limit`, counting on no further requests. */
function waitMs(c: WindowCounts, limit: number): number {
  const room = limit - c.count - 1;
  if (room >= 0) {
    if (c.prevCount === 0) return 0;
    const t = c.windowMs * (1 - room / c.prevCount);
    return Math.max(0, t - c.elapsedMs);
  }
  // The current window alone is full: wait for the next one, where it becomes "previous".
  const untilNext = c.windowMs - c.elapsedMs;
  const roomNext = limit - 1;
  const t = c.count === 0 ? 0 : Math.max(0, c.windowMs * (1 - roomNext / c.count));
  return untilNext + t;
}

export function evaluateWindow(c: WindowCounts, limit: number): WindowDecision {
  const estimate = weighted(c.prevCount, c.elapsedMs, c.windowMs) + c.count;
  if (estimate <= limit) return { allowed: true, estimate, retryAfterSeconds: 0, firstRefusal: false };
  return {
    allowed: false,
    estimate,
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs(c, limit) / 1000)),
    firstRefusal: estimate - 1 <= limit,
  };
}
