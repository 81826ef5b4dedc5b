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

export function RelativeTime({ date, suffix = " ago" }: { date: Date | string; suffix?: string }) {
  const d = typeof date === "string" ? new Date(date) : date;
  const age = formatAge(d);
  return (
    <time dateTime={d.toISOString()} title={formatDateTime(d)}>
      {age === "just now" ? age : `${age}${suffix}`}
    </time>
  );
}
