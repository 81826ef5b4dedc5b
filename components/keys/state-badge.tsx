import { Badge, type Tone } from "@/components/ui/badge";
import type { KeyState } from "@/lib/inventory/key-age-state";

export const STATE_META: Record<KeyState, { label: string; tone: Tone; color: string; hint: string }> = {
  ok: { label: "OK", tone: "green", color: "#10b981", hint: "Younger than the warning age and in use" },
  due: { label: "Due", tone: "amber", color: "#f59e0b", hint: "Rotate soon: past the warning age" },
  overdue: { label: "Overdue", tone: "red", color: "#ef4444", hint: "Past the rotation age" },
  unused: { label: "Unused", tone: "violet", color: "#8b5cf6", hint: "Not used for a long time, or never: delete it" },
  inactive: { label: "Inactive", tone: "slate", color: "#94a3b8", hint: "Deactivated in IAM: delete it when nothing needs it" },
  deleted: { label: "Deleted", tone: "neutral", color: "#cbd5e1", hint: "Gone from AWS; kept for history" },
};

export function StateBadge({ state }: { state: KeyState }) {
  const meta = STATE_META[state];
  return (
    // The dot is drawn by CSS (currentColor of a ::before), one element less per row.
    <Badge
      tone={meta.tone}
      title={meta.hint}
      data-state={state}
      className="before:size-1.5 before:rounded-full before:bg-current before:content-['']"
    >
      {meta.label}
    </Badge>
  );
}

export function days(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "day" : "days"}`;
}
