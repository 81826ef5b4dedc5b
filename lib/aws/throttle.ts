import "server-only";
import { AwsCallError } from "@/lib/aws/errors";

// The SDK's adaptive retry backs off on throttling, but gives up after maxAttempts or when
// its retry quota (shared by the client) runs dry in a storm. A batch job such as the
// inventory sync prefers to wait: throttled calls are tried again here, with jittered
// exponential backoff, a few more times. Other errors are not retried here.

const THROTTLED = /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown|RequestThrottled/i;

export function isThrottle(error: unknown): boolean {
  return error instanceof AwsCallError && THROTTLED.test(error.code);
}

export async function withThrottleRetry<T>(fn: () => Promise<T>, rounds = 5, baseMs = 500): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await fn();
    } catch (error) {
      if (!isThrottle(error) || round >= rounds) throw error;
      const delay = Math.min(baseMs * 2 ** (round - 1), 8_000);
      await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
    }
  }
}
