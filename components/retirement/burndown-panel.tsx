import { BurndownChart } from "@/components/retirement/burndown-chart";
import type { Burndown } from "@/lib/retirement/burndown";

/** The burn-down with its headline numbers: today, the change over the window, and the legend. */
export function BurndownPanel({ burndown, days }: { burndown: Burndown; days: number }) {
  const first = burndown.points[0] ?? { human: 0, service: 0 };
  const last = burndown.points.at(-1) ?? { human: 0, service: 0 };
  const change = last.human + last.service - (first.human + first.service);
  const stat = (label: string, value: number, color: string, testId: string) => (
    <div className="rounded-md border border-slate-200 px-3 py-2">
      <div className="flex items-center gap-1.5 text-xs text-slate-500">
        <span className="size-2 rounded-sm" style={{ backgroundColor: color }} aria-hidden />
        {label}
      </div>
      <div className="text-xl font-semibold text-slate-900 tabular-nums" data-testid={testId}>
        {value.toLocaleString("en-US")}
      </div>
    </div>
  );
  return (
    <section aria-labelledby="burndown-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="burndown-title" className="text-sm font-semibold text-slate-900">
          Active long-lived keys <span className="font-normal text-slate-500">· end of each day, last {days} days</span>
        </h2>
        <p className={`text-xs font-medium ${change < 0 ? "text-emerald-700" : change > 0 ? "text-amber-700" : "text-slate-500"}`}>
          {change === 0 ? "No change" : `${change < 0 ? "▼" : "▲"} ${Math.abs(change)} over ${days} days`}
        </p>
      </div>
      <div className="mb-4 grid grid-cols-3 gap-2 sm:max-w-md">
        {stat("Human", last.human, "#6366f1", "burndown-human")}
        {stat("Service", last.service, "#64748b", "burndown-service")}
        {stat("Total", last.human + last.service, "#0f172a", "burndown-total")}
      </div>
      <div className="h-60" data-testid="burndown-chart">
        <BurndownChart points={burndown.points} />
      </div>
    </section>
  );
}
