import "server-only";
import { AwsCallError } from "@/lib/aws/errors";

// The SDK's adaptive retry backs off on throttling and retries 5xx, but gives up after
// maxAttempts or when its retry quota (shared by the client) runs dry in a storm. A batch
// job such as the inventory sync prefers to wait: a call that still failed with a
// transient error (throttling, a 5xx, a timeout) is tried again here, with jittered
// exponential backoff, a few more times. With AWS failing 30% of calls, 8 SDK attempts
// alone lose one call in 15,000, and a 5,000-user sync makes that many (the reliability
// suite proves the sync comes out identical in such a storm). Other errors (access
// denied, a missing user) are not retried here.

export const THROTTLED = /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown|RequestThrottled/i;

export function isThrottle(error: unknown): boolean {
  return error instanceof AwsCallError && THROTTLED.test(error.code);
}

export function isTransient(error: unknown): boolean {
  return error instanceof AwsCallError && (error.retryable || isThrottle(error));
}

export async function withTransientRetry<T>(fn: () => Promise<T>, rounds = 5, baseMs = 500): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await fn();
    } catch (error) {
      if (!isTransient(error) || round >= rounds) throw error;
      const delay = Math.min(baseMs * 2 ** (round - 1), 8_000);
      await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
    }
  }
}
