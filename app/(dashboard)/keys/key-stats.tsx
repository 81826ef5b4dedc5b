import { AgeDistribution } from "@/components/keys/age-chart-lazy";
import { StateSummary } from "@/components/keys/state-summary";
import type { KeyStats } from "@/lib/inventory/stats-types";

// The counts and the chart scan every visible key. The page starts that scan first and
// hands the promise here, inside <Suspense>: it runs in Postgres while the table is
// queried and rendered, and both parts share the one scan.
export async function KeyStatsSection({ stats, part }: { stats: Promise<KeyStats>; part: "counts" | "chart" }) {
  const s = await stats;
  return part === "counts" ? <StateSummary byState={s.byState} /> : <AgeDistribution bars={s.ages} total={s.total} />;
}

export function CountsSkeleton() {
  return (
    <div className="grid grid-cols-3 gap-2 sm:grid-cols-5" aria-hidden>
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="h-[66px] animate-pulse rounded-lg border border-slate-200 bg-white sm:h-[78px]" />
      ))}
    </div>
  );
}

export function ChartSkeleton() {
  return <div className="h-[258px] animate-pulse rounded-lg border border-slate-200 bg-white" aria-hidden />;
}
