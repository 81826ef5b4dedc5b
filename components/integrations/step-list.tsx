import { CheckCircle2, Circle, Hourglass, LoaderCircle, XCircle } from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { StepRow } from "@/lib/rotation/step-view";

const ICON = {
  pending: { Icon: Circle, className: "text-slate-300" },
  running: { Icon: LoaderCircle, className: "animate-spin text-brand-600" },
  waiting: { Icon: Hourglass, className: "text-violet-600" },
  done: { Icon: CheckCircle2, className: "text-emerald-600" },
  failed: { Icon: XCircle, className: "text-red-600" },
} as const;

const STATE_TEXT = { pending: "pending", running: "in progress", waiting: "waiting", done: "done", failed: "failed" } as const;

const clock = (d: Date | null) => (d ? d.toISOString().slice(11, 19) : "");
function took(row: StepRow): string {
  if (!row.startedAt || !row.endedAt) return "";
  const ms = row.endedAt.getTime() - row.startedAt.getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The state machine's steps, in order, with what each did. */
export function StepList({ rows }: { rows: StepRow[] }) {
  return (
    <ol
      className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm"
      aria-label="Rotation steps"
    >
      {rows.map((row) => {
        const { Icon, className } = ICON[row.state];
        return (
          <li
            key={row.step}
            data-testid={`step-${row.step}`}
            data-state={row.state}
            className={cn("flex gap-3 px-4 py-3", row.state === "pending" && "opacity-60")}
          >
            <Icon className={cn("mt-0.5 size-5 shrink-0", className)} aria-hidden />
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-baseline gap-x-3">
                <p className="text-sm font-medium text-slate-900">{row.label}</p>
                <span className="text-xs text-slate-500">{STATE_TEXT[row.state]}</span>
                {row.startedAt ? (
                  <span className="font-mono text-xs text-slate-500">
                    {clock(row.startedAt)}
                    {row.endedAt ? ` → ${clock(row.endedAt)} (${took(row)})` : ""}
                  </span>
                ) : null}
                {row.attempts > 1 ? <span className="text-xs text-amber-700">resumed ({row.attempts} starts)</span> : null}
              </div>
              {row.detail ? <p className="mt-0.5 text-sm break-words text-slate-600">{row.detail}</p> : null}
              {row.error ? <p className="mt-0.5 text-sm break-words text-red-700">{row.error}</p> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
