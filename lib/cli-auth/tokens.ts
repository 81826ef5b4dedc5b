// When a CLI token is good, and when its use is worth writing down. Pure, for the bearer
// check in lib/cli-auth/sessions.ts.

export type AccessTokenRow = { accessExpiresAt: Date; expiresAt: Date; revokedAt: Date | null };
export type AccessTokenState = "valid" | "expired" | "revoked" | "session-ended";

export function accessTokenState(row: AccessTokenRow, now: Date = new Date()): AccessTokenState {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= now.getTime()) return "session-ended";
  if (row.accessExpiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}

/** How often "last used" is written: not on every request, at most once this often. */
export const TOUCH_INTERVAL_MS = 60_000;

/** True when the last-use record is stale enough (or the address changed) to update it. */
export function needsTouch(last: { lastUsedAt: Date | null; lastIp: string | null }, ip: string | null, now: Date = new Date()): boolean {
  if (!last.lastUsedAt) return true;
  if (ip && ip !== last.lastIp) return true;
  return now.getTime() - last.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS;
}

/** An access token never outlives its session. */
export function accessExpiry(now: Date, accessMinutes: number, sessionEnds: Date): Date {
  return new Date(Math.min(now.getTime() + accessMinutes * 60_000, sessionEnds.getTime()));
}
