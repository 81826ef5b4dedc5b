// The sync interval as a cron expression (pg-boss schedules by cron, in UTC). lib/env.ts
// only accepts intervals cron can express evenly: divisors of an hour, or of a day.
export function cronForInterval(minutes: number): string | null {
  if (minutes <= 0) return null;
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = minutes / 60;
  return hours === 1 ? "0 * * * *" : hours === 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}
