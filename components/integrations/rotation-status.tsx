import { Badge, type Tone } from "@/components/ui/badge";

const STATUS: Record<string, { tone: Tone; label: string }> = {
  running: { tone: "blue", label: "rotating" },
  waiting: { tone: "violet", label: "grace period" },
  succeeded: { tone: "green", label: "rotated" },
  failed: { tone: "red", label: "failed" },
  rolled_back: { tone: "amber", label: "rolled back" },
};

export function RotationStatusBadge({ status, warning }: { status: string; warning?: string | null }) {
  if (status === "succeeded" && warning) return <Badge tone="amber">needs attention</Badge>;
  const s = STATUS[status] ?? { tone: "neutral" as const, label: status };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

/** "in 12 days", "3 days overdue", "due now". */
export function dueLabel(next: Date | null, now: Date = new Date()): { text: string; overdue: boolean } {
  if (!next) return { text: "not scheduled", overdue: false };
  const days = Math.round((next.getTime() - now.getTime()) / 86_400_000);
  if (days > 0) return { text: `in ${days} ${days === 1 ? "day" : "days"}`, overdue: false };
  if (days === 0) return { text: next <= now ? "due now" : "today", overdue: next <= now };
  return { text: `${-days} ${days === -1 ? "day" : "days"} overdue`, overdue: true };
}

export function graceLabel(seconds: number): string {
  if (seconds === 0) return "none (deleted right away)";
  if (seconds % 86_400 === 0) return `${seconds / 86_400} ${seconds === 86_400 ? "day" : "days"}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} ${seconds === 3600 ? "hour" : "hours"}`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
