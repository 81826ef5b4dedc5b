// Grant arithmetic, pure: when access ends, and how an approval for a role someone
// already has extends it instead of failing.

export type GrantWindow = { expiresAt: Date; revokedAt: Date | null };

export function isGrantActive(grant: GrantWindow, now: Date): boolean {
  return grant.revokedAt === null && grant.expiresAt.getTime() > now.getTime();
}

/** A new approval for the same role: access lasts until the later of the two ends. */
export function extendedExpiry(current: GrantWindow | null, now: Date, durationSeconds: number): Date {
  const fresh = new Date(now.getTime() + durationSeconds * 1000);
  if (!current || !isGrantActive(current, now)) return fresh;
  return fresh > current.expiresAt ? fresh : current.expiresAt;
}

/** Seconds of approved access left, for capping a vended session to the grant. */
export function grantRemainingSeconds(grant: GrantWindow, now: Date): number {
  return Math.max(0, Math.floor((grant.expiresAt.getTime() - now.getTime()) / 1000));
}
