import type { Credentials } from "./api-types.js";
import { credentialsFor } from "./credentials.js";
import { CACHE_MARGIN_MS } from "./store.js";

// Credentials for one role, for a process that outlives them (`keyless exec`, `serve`,
// `export --watch`). Each call goes through the CLI's usual path (the private cache, checked
// with the server for revocations, then a fresh issue), so what is handed out always has
// life left. Credentials too short-lived for the cache (it keeps them until 5 minutes before
// they expire; a grant that ends soon gives shorter ones) are held here instead, until a third
// of their life is left, so an SDK asking on every call does not issue new ones each time.

type Held = { credentials: Credentials; refreshAt: number };

/** When credentials received at `now` should be replaced: 5 minutes before they expire, or at two thirds of a shorter life. */
export function refreshTime(expiration: string, now = Date.now()): number {
  const expiresAt = new Date(expiration).getTime();
  const margin = Math.min(CACHE_MARGIN_MS, Math.max(0, expiresAt - now) / 3);
  return expiresAt - margin;
}

export class CredentialSource {
  private held: Held | null = null;
  private pending: Promise<Credentials> | null = null;
  /** When the credentials last fetched should be replaced (ms since the epoch). */
  nextRefreshAt = 0;

  constructor(
    readonly role: string,
    private readonly durationSeconds?: number,
  ) {}

  /** Unexpired credentials, with at least a third of their life (or 5 minutes) left. */
  current(): Promise<Credentials> {
    if (this.held && Date.now() < this.held.refreshAt) return Promise.resolve(this.held.credentials);
    // Concurrent callers share one request to Keyless.
    this.pending ??= this.fetch().finally(() => (this.pending = null));
    return this.pending;
  }

  private async fetch(): Promise<Credentials> {
    const now = Date.now();
    const { credentials } = await credentialsFor(this.role, { durationSeconds: this.durationSeconds, cache: true });
    const expiresAt = new Date(credentials.expiration).getTime();
    if (!(expiresAt > now))
      throw new Error(`Keyless sent credentials that expired at ${credentials.expiration}; is this computer's clock right?`);
    this.nextRefreshAt = refreshTime(credentials.expiration, now);
    // Long-lived ones stay in the private cache (and its revocation checks); only short ones are held.
    this.held = expiresAt - now <= CACHE_MARGIN_MS ? { credentials, refreshAt: this.nextRefreshAt } : null;
    return credentials;
  }
}
