// The budget rows of bench/vending.ts for `npm run bench` (bench/summary.ts): item 1 of
// issue 16 (latency Keyless adds to the bare STS call, over an empty Next.js route's) and
// SPEC's load and bundle budgets.
import { percentile } from "./harness";
import type { BenchRow } from "./summary-rows";

export function vendingRows(bare: number[], keyless: number[], floor: number[], load: (string | number)[][], gzBytes: number): BenchRow[] {
  const added = (p: number) => percentile(keyless, p) - percentile(bare, p) - percentile(floor, p);
  const latency = (p: number, budget: number): BenchRow => {
    const ms = added(p);
    return {
      item: `1 Vending added over floor p${p}`,
      budget: `≤ ${budget} ms`,
      measured: `${ms.toFixed(2)} ms (Keyless ${percentile(keyless, p).toFixed(2)} − bare STS ${percentile(bare, p).toFixed(2)} − empty route ${percentile(floor, p).toFixed(2)})`,
      ok: ms <= budget,
      ...(ms <= budget ? {} : { note: "Profile the route (bench/RESULTS.md §1, --cpu-prof) and remove what it spends past the floor." }),
    };
  };
  const at50 = load.filter((r) => r[0] === 50 && r[1] === "Keyless");
  const errors = at50.reduce((s, r) => s + Number(r[5]), 0);
  const rss = Math.max(...at50.map((r) => Number(r[6])));
  return [
    latency(50, 1),
    latency(99, 3),
    { item: "SPEC Vending: 50 concurrent users, no error", budget: "0 errors", measured: `${errors} errors`, ok: errors === 0 },
    { item: "SPEC Vending: server RSS at 50 users ≤ 300 MB", budget: "≤ 300 MB", measured: `${rss} MB`, ok: rss <= 300 },
    {
      item: "SPEC Credentials page first-load JS ≤ 150 kB",
      budget: "≤ 150 kB gzipped",
      measured: `${(gzBytes / 1024).toFixed(1)} kB`,
      ok: gzBytes / 1024 <= 150,
    },
  ];
}
