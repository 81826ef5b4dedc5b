// CLI token timing, pure. Whether an access token is good (not revoked, its session and
// its own lifetime not ended) and when its use is written down are checked in SQL, in the
// caller lookup every request runs (lib/auth/session-lookup.ts).

/** How often "last used" is written: not on every request, at most once this often (or at once from a new address). */
export const TOUCH_INTERVAL_MS = 60_000;

/** An access token never outlives its session. */
export function accessExpiry(now: Date, accessMinutes: number, sessionEnds: Date): Date {
  return new Date(Math.min(now.getTime() + accessMinutes * 60_000, sessionEnds.getTime()));
}
