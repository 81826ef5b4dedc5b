import type { RequestMeta } from "@/lib/auth/caller";

// Where a request's time went, step by step, as a Server-Timing header (RFC: W3C Server
// Timing), only when KEYLESS_SERVER_TIMING is on (lib/http/request-meta.ts then gives the
// request a `timings` list). bench/vending.ts reads it to break vending's added latency down.

/** Runs `fn`, adding its duration to the request's timings when they are kept. */
export async function timed<T>(request: RequestMeta | undefined, step: string, fn: () => Promise<T>): Promise<T> {
  if (!request?.timings) return fn();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    request.timings.push([step, performance.now() - started]);
  }
}

/** `caller;dur=0.41, preflight;dur=1.20, …` (a step timed twice appears twice). */
export function serverTimingHeader(timings: readonly [string, number][]): string {
  return timings.map(([step, ms]) => `${step};dur=${ms.toFixed(3)}`).join(", ");
}
