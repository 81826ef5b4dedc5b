// SPEC's load and bundle budget rows of bench/vending.ts for `npm run bench` (bench/summary.ts);
// the latency rows (issue 16 item 1) are built beside their measurement in vending.ts.
import type { BenchRow } from "./summary-rows";

export function specRows(load: (string | number)[][], gzBytes: number): BenchRow[] {
  const at50 = load.filter((r) => r[0] === 50 && r[1] === "Keyless");
  const errors = at50.reduce((s, r) => s + Number(r[5]), 0);
  const rss = Math.max(...at50.map((r) => Number(r[6])));
  return [
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
