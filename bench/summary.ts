// `npm run bench`: runs every benchmark (package.json's `bench:*` scripts) one after the
// other, then prints one table of every budget row in .sandbox/bench-results/*.json
// (bench/summary-rows.ts). A ✘ is a finding, not a failure: the exit code is 0 unless a
// benchmark crashed, whose rows then show as "did not run".
//   npm run bench [-- --only vending,scale] [-- --print]   (--print: the table only, nothing run)
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { table } from "./harness";
import type { BenchRow } from "./summary-rows";

const ORDER = ["vending", "keys-page", "org-inventory", "people", "audit", "scale", "rotation", "lifecycle", "inventory"];
const dir = path.join(process.cwd(), ".sandbox", "bench-results");
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

function benches(): string[] {
  const scripts = Object.keys((JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts);
  const names = scripts.filter((s) => s.startsWith("bench:")).map((s) => s.slice("bench:".length));
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function runBench(name: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", `bench:${name}`], { stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", () => resolve(1));
  });
}

type Result = { bench: string; at: string; rows: BenchRow[] };
function results(): Result[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Result);
}

const argAt = process.argv.indexOf("--only");
const only = argAt > 0 ? (process.argv[argAt + 1] ?? "").split(",").filter(Boolean) : null;
const all = benches();
const unknown = (only ?? []).filter((n) => !all.includes(n));
if (unknown.length) {
  console.error(`No such benchmark: ${unknown.join(", ")} (there are: ${all.join(", ")})`);
  process.exit(2);
}
const selected = process.argv.includes("--print") ? [] : (only ?? all);

const crashed = new Map<string, number>();
const silent: string[] = [];
const started = new Date().toISOString();
for (const name of selected) {
  console.log(`\n━━━ npm run bench:${name} ━━━`);
  const from = new Date().toISOString();
  const code = await runBench(name);
  if (code !== 0) crashed.set(name, code);
  else if (!results().some((r) => r.at >= from)) silent.push(name);
}

// A crashed benchmark's earlier rows are not shown as if they were this run's.
const rows: (string | number)[][] = [["item", "budget", "measured", "", "bench", "run"]];
const notes: string[] = [];
for (const [name, code] of crashed) rows.push([`${name}: did not run (exit ${code})`, "runs", "crashed", "✘", name, "now"]);
for (const name of silent) rows.push([`${name}: wrote no rows`, "rows", "none", "✘", name, "now"]);
const shown = results().filter((r) => ![...crashed.keys()].some((c) => norm(c) === norm(r.bench)));
const sorted = shown.flatMap((r) => r.rows.map((row) => ({ ...row, bench: r.bench, when: r.at >= started ? "now" : r.at.slice(0, 16) })));
sorted.sort((a, b) => a.item.localeCompare(b.item, undefined, { numeric: true }));
for (const r of sorted) {
  rows.push([r.item, r.budget, r.measured, r.ok ? "✔" : "✘", r.bench, r.when]);
  if (!r.ok && r.note) notes.push(`✘ ${r.item}: ${r.note}`);
}
console.log(`\n${table(rows)}`);
if (notes.length) console.log(`\n${notes.join("\n")}`);
const failed = sorted.filter((r) => !r.ok).length;
console.log(
  `\n${sorted.length - failed} ✔, ${failed + crashed.size + silent.length} ✘${crashed.size ? `, ${crashed.size} benchmark(s) crashed` : ""}`,
);
process.exit(crashed.size ? 1 : 0);
