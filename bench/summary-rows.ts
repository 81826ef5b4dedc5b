// bench/summary-rows.ts — every benchmark writes its budget rows here; `npm run bench` prints them (bench/summary.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
export type BenchRow = { item: string; budget: string; measured: string; ok: boolean; note?: string };
export function writeBenchRows(bench: string, rows: BenchRow[]): void {
  const dir = path.join(process.cwd(), ".sandbox", "bench-results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${bench}.json`), JSON.stringify({ bench, at: new Date().toISOString(), rows }, null, 2));
}
