import "server-only";
import type { VendAction } from "@/lib/audit/actions";
import { auditRefusal } from "@/lib/audit/record";
import type { UserCaller } from "@/lib/auth/caller";
import { env } from "@/lib/env";
import { RateLimitedError, type Limit } from "@/lib/rate-limit/limiter";

/**
 * Credential issuance (credentials and console links) per minute: per API token (one CLI
 * sign-in) and per person over all their tokens and browser sessions. Counted in Postgres,
 * so the limit holds across app instances, by the vending path's single statement
 * (lib/credentials/preflight.ts). Over it: 429 with Retry-After.
 */
export const ISSUANCE_WINDOW_SECONDS = 60;

/** The counters' keys: per token, then per person (in this order they are also sorted). */
export const ISSUANCE_KEY_PREFIX = { token: "credentials:token:", user: "credentials:user:" } as const;

export function issuanceLimits(caller: { userId: string; tokenId?: string }): Limit[] {
  const e = env();
  return [
    ...(caller.tokenId ? [{ key: ISSUANCE_KEY_PREFIX.token + caller.tokenId, limit: e.KEYLESS_CREDENTIALS_RATE_LIMIT_PER_MINUTE }] : []),
    { key: ISSUANCE_KEY_PREFIX.user + caller.userId, limit: e.KEYLESS_CREDENTIALS_USER_RATE_LIMIT_PER_MINUTE },
  ];
}

/**
 * Audits a refusal over the limit, then rethrows it. Only the first refusal of a burst is
 * audited (not every one: a runaway loop must not flood the log).
 */
export async function refuseIssuance(caller: UserCaller, action: VendAction, error: unknown): Promise<never> {
  if (error instanceof RateLimitedError && error.firstRefusal) {
    await auditRefusal(caller, action, {
      details: {
        reason: "rate limited",
        limit: error.key.startsWith("credentials:token:") ? "per token" : "per person",
        retryAfterSeconds: error.retryAfterSeconds,
      },
    });
  }
  throw error;
}
