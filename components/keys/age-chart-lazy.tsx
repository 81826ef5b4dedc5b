"use client";

import dynamic from "next/dynamic";
import type { AgeBar } from "@/components/keys/age-chart";
import { STATE_META } from "@/components/keys/state-badge";

const Chart = dynamic(() => import("@/components/keys/age-chart"), {
  ssr: false,
  loading: () => <div className="h-full animate-pulse rounded-md bg-slate-100" />,
});

/** The age distribution: keys per age bucket, stacked by state. */
export function AgeDistribution({ bars, total }: { bars: AgeBar[]; total: number }) {
  return (
    <section aria-labelledby="age-title" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="age-title" className="text-sm font-semibold text-slate-900">
          Age distribution{" "}
          <span className="font-normal text-slate-500">· days since creation · {total.toLocaleString("en-US")} current keys</span>
        </h2>
        <ul className="flex flex-wrap gap-x-3 gap-y-1 text-[11px] text-slate-600">
          {(["ok", "due", "overdue", "unused", "inactive"] as const).map((s) => (
            <li key={s} className="flex items-center gap-1">
              <span className="size-2 rounded-sm" style={{ backgroundColor: STATE_META[s].color }} aria-hidden />
              {STATE_META[s].label}
            </li>
          ))}
        </ul>
      </div>
      <div className="h-48" data-testid="age-chart">
        <Chart bars={bars} />
      </div>
    </section>
  );
}
