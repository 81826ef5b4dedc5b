/** "212 days", "3 hours": ages as people read them. */
export function formatAge(from: Date, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} ${hours === 1 ? "hour" : "hours"}`;
  const days = Math.floor(hours / 24);
  return `${days} ${days === 1 ? "day" : "days"}`;
}

export function formatDateTime(date: Date): string {
  return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** "3 days ago", or "in 4 hours" for a time still ahead (an expiry). */
export function RelativeTime({ date, suffix = " ago" }: { date: Date | string; suffix?: string }) {
  const d = typeof date === "string" ? new Date(date) : date;
  const now = new Date();
  const ahead = d.getTime() - now.getTime() >= 60_000;
  const age = ahead ? formatAge(now, d) : formatAge(d, now);
  return (
    <time dateTime={d.toISOString()} title={formatDateTime(d)}>
      {ahead ? `in ${age}` : age === "just now" ? age : `${age}${suffix}`}
    </time>
  );
}
