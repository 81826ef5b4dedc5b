// Pure scheduling rules, unit-tested: when an integration is next due, and which due
// integrations a scheduler tick starts, most overdue first.

const DAY_MS = 86_400_000;

/** A success waits the full interval; a failure is retried after a day (or the interval, if shorter). */
export function nextRotationAfter(succeeded: boolean, finishedAt: Date, rotationIntervalDays: number): Date {
  const wait = succeeded ? rotationIntervalDays * DAY_MS : Math.min(DAY_MS, rotationIntervalDays * DAY_MS);
  return new Date(finishedAt.getTime() + wait);
}

export type DueCandidate = {
  id: string;
  nextRotationAt: Date | null;
  lastRotatedAt: Date | null;
  rotationIntervalDays: number;
  createdAt: Date;
};
export type PlannedStart = { id: string; trigger: "scheduled" | "overdue"; overdueMs: number };

/**
 * How far past its interval an integration's key is. The key's age is measured from the
 * last rotation (or from when Keyless took the integration over).
 */
export function overdueBy(c: DueCandidate, now: Date): number {
  const since = (c.lastRotatedAt ?? c.createdAt).getTime();
  return now.getTime() - (since + c.rotationIntervalDays * DAY_MS);
}

/**
 * The integrations to start now: those whose next rotation time has passed, the key
 * whose interval is exceeded by most first, at most `limit`. A key past its interval by
 * more than a day is "overdue" (a missed or failed rotation), otherwise "scheduled".
 */
export function planDueRotations(candidates: readonly DueCandidate[], now: Date, limit: number): PlannedStart[] {
  return candidates
    .filter((c) => c.nextRotationAt !== null && c.nextRotationAt <= now)
    .map((c) => ({ id: c.id, overdueMs: overdueBy(c, now) }))
    .sort((a, b) => b.overdueMs - a.overdueMs || a.id.localeCompare(b.id))
    .slice(0, Math.max(0, limit))
    .map((c) => ({ ...c, trigger: c.overdueMs > DAY_MS ? ("overdue" as const) : ("scheduled" as const) }));
}
