// Tables and budget rows of bench/scale.ts: RSS (item 5), the shared sync and the vending
// throughput of two instances against one (item 6), with where the CPU went.
import { table } from "./harness";
import type { SyncOutcome } from "./scale-sync";
import type { Mode, ModeTally, VendingOutcome } from "./scale-vending";
import type { BenchRow } from "./summary-rows";

const RSS_BUDGET_MB = 300;
const rate = (t: ModeTally) => (t.requests / t.ms) * 1000;
const ours = (t: ModeTally) => Object.values(t.cpu).reduce((a, b) => a + b, 0);

export function cpuReport({ tallies }: VendingOutcome): string {
  const parts = Object.keys(tallies["1 instance"].cpu);
  const rows: (string | number)[][] = [
    ["", "req/s", "errors", ...parts.map((p) => `${p} ms/req`), "all ours ms/req", "ours (cores)", "machine busy", "others (cores)"],
  ];
  for (const [mode, t] of Object.entries(tallies) as [Mode, ModeTally][]) {
    rows.push([
      mode,
      rate(t).toFixed(1),
      t.errors,
      ...parts.map((p) => (t.cpu[p]! / t.requests).toFixed(2)),
      (ours(t) / t.requests).toFixed(2),
      (ours(t) / t.ms).toFixed(2),
      `${((t.machineBusy / t.machineTotal) * 100).toFixed(0)}%`,
      ((t.machineBusy - ours(t)) / t.ms).toFixed(2),
    ]);
  }
  return table(rows);
}

function rssRow(item: string, max: Record<string, number>, names: string[], unbounded: string): BenchRow {
  const worst = Math.max(...names.map((n) => max[n] ?? 0));
  const ok = worst <= RSS_BUDGET_MB;
  return {
    item,
    budget: `≤ ${RSS_BUDGET_MB} MB`,
    measured: `${worst} MB max (${names.map((n) => `${n} ${max[n]}`).join(", ")})`,
    ok,
    ...(ok ? {} : { note: unbounded }),
  };
}

// Not yet profiled: both heaps are bounded (--max-old-space-size=256 in the Dockerfile and the
// worker manifest); the peaks are what the processes hold, not V8 collecting late.
const SERVER_NOTE = "Take a heap snapshot (--heapsnapshot-signal) at the peak and compare with the bound heap of bench/RESULTS.md §1.";
const WORKER_NOTE =
  "The image runs the worker with --liftoff-only --optimize-for-size (deploy/k8s/worker.yaml): 197 / 246 MB with them, 252 / 306 MB " +
  "without (2026-12-07). A first sync's listings hold bursts of up to ~130 MB of live heap for a second or so (--trace-gc: " +
  "KEYLESS_BENCH_WORKER_FLAGS=--trace-gc); if this row is over, check the flags, then take a heap snapshot in such a burst " +
  "(--heapsnapshot-signal) to see what is parsed at once.";

export function syncRows(s: SyncOutcome): BenchRow[] {
  const shared = s.perWorker.every((n) => n > 0);
  const ok = s.finished && s.twice.length === 0 && s.missing.length === 0 && shared && s.finishAudits === 1;
  return [
    rssRow("5 Server RSS during sync ≤ 300 MB", s.maxRss, ["app 1", "app 2"], SERVER_NOTE),
    rssRow("5 Worker RSS during sync ≤ 300 MB", s.maxRss, ["worker 1", "worker 2"], WORKER_NOTE),
    {
      item: "6 No account synced twice (2 apps + 2 workers)",
      budget: "0 accounts twice",
      measured:
        `${s.twice.length} of ${s.accounts} twice, ${s.missing.length} missing (moto calls per account, worker logs); ` +
        `worker 1 ${s.perWorker[0]} / worker 2 ${s.perWorker[1]} accounts; ${s.finishAudits} finish audit; ${s.seconds.toFixed(0)} s`,
      ok,
      ...(ok
        ? {}
        : {
            note: `twice: ${s.twice.slice(0, 5).join(", ")}; missing: ${s.missing.slice(0, 5).join(", ")}; both workers took work: ${shared}${s.finished ? "" : `; the sync had not finished at the time limit (${s.accounts - s.missing.length} of ${s.accounts} accounts done)`}`,
          }),
    },
  ];
}

export function vendingRows(v: VendingOutcome): BenchRow[] {
  const one = v.tallies["1 instance"];
  const two = v.tallies["2 instances"];
  const ratio = rate(two) / rate(one);
  // With the machine to itself, one instance is bound by its own Node thread (1,000 ms of
  // app CPU a second) or by every core (all the parts' CPU per request); two instances by
  // two threads or every core. The quotient is the most a second instance can give here.
  const appMs = one.cpu["app 1"]! / one.requests;
  const allMs = ours(one) / one.requests;
  const oneMax = Math.min(1000 / appMs, (v.cores * 1000) / allMs);
  const twoMax = Math.min(2000 / appMs, (v.cores * 1000) / allMs);
  const busy = (t: ModeTally) => `${((t.machineBusy / t.machineTotal) * 100).toFixed(0)}%`;
  const cores = (t: ModeTally) => (ours(t) / t.ms).toFixed(2);
  const ms = (k: string) => (one.cpu[k]! / one.requests).toFixed(2);
  // The issue's budget: ≥ 1.6× where the cores allow it, or the reason it does not shown
  // with numbers. Where the measured CPU per request caps two instances below 1.6×, that
  // ceiling is the budget (within 10%: the noise of a shared machine), and the row says so.
  const ceiling = twoMax / oneMax;
  const coresAllow = ceiling >= 1.6;
  const ok = one.errors + two.errors === 0 && (coresAllow ? ratio >= 1.6 : ratio >= 0.9 * ceiling);
  const note =
    `CPU per request (one instance): app ${ms("app 1")} ms, moto ${ms("moto")}, Postgres ${ms("Postgres")}, workers ${ms("workers")}, ` +
    `load generator ${ms("load generator")} = ${allMs.toFixed(2)} ms. With its ${v.cores} cores to itself one instance tops out at ` +
    `min(1000/${appMs.toFixed(1)}, ${v.cores * 1000}/${allMs.toFixed(1)}) = ${oneMax.toFixed(0)} req/s and two at ${twoMax.toFixed(0)}: ` +
    `at most ${(twoMax / oneMax).toFixed(2)}×, as moto, Postgres and the load generator share the app's cores. Measured: machine ` +
    `${busy(one)} / ${busy(two)} busy, ours ${cores(one)} / ${cores(two)} cores (one / two instances), the rest other tenants. ` +
    `Next step: moto, Postgres and the load generator on other machines, then measure again.`;
  return [
    rssRow("5 Server RSS, 50 vending users ≤ 300 MB", v.maxRss, ["app 1", "app 2"], SERVER_NOTE),
    rssRow("5 Worker RSS, 50 vending users ≤ 300 MB", v.maxRss, ["worker 1", "worker 2"], WORKER_NOTE),
    {
      item: "6 Vending throughput 2 instances ≥ 1.6× one",
      budget: "≥ 1.6×, or ≥ 0.9 × what the cores allow (shown)",
      measured:
        `${ratio.toFixed(2)}× (${rate(two).toFixed(1)} vs ${rate(one).toFixed(1)} req/s, 50 users; errors ${one.errors + two.errors}); ` +
        (coresAllow
          ? `the cores allow ${ceiling.toFixed(2)}×`
          : `the cores allow at most ${ceiling.toFixed(2)}×: ${allMs.toFixed(1)} ms of CPU per credential across the parts on ${v.cores} cores`),
      ok,
      // The reason is part of the finding whether or not the row passes.
      note,
    },
  ];
}
