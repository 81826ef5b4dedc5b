// CPU time and resident memory of the benchmark's own processes, read from /proc: the
// app instances, the workers, moto and Postgres (each with its children: Postgres runs a
// process per connection), the load generator itself, and the whole machine. Used to show
// where the CPU goes when a second app instance adds no throughput (bench/scale.ts).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim() || 100);

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null; // the process is gone
  }
}

/** The pid and every descendant (children are listed per thread). */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pids[i]}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      const children = read(`/proc/${pids[i]}/task/${t}/children`)?.trim().split(/\s+/).filter(Boolean).map(Number) ?? [];
      for (const c of children) if (!pids.includes(c)) pids.push(c);
    }
  }
  return pids;
}

/** CPU milliseconds (user + system) a process has used; `reaped` adds its exited children's. */
export function cpuMs(pid: number, reaped = true): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  // Fields after the command (which may hold spaces): utime is the 14th field, cstime the 17th.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(f[i]));
  return ((utime ?? 0) + (stime ?? 0) + (reaped ? (cutime ?? 0) + (cstime ?? 0) : 0)) * TICK_MS;
}

/** CPU milliseconds of a process tree: live processes plus the exited ones they reaped. */
export function treeCpuMs(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + cpuMs(p), 0);
}

/** The first descendant of this process whose command line contains `needle`. */
export function findDescendant(needle: string, root = process.pid): number | undefined {
  return processTree(root)
    .slice(1)
    .find((p) => read(`/proc/${p}/cmdline`)?.replace(/\0/g, " ").includes(needle));
}

/** Busy and total CPU milliseconds of the whole machine, every core summed (/proc/stat). */
export function machineCpuMs(): { busy: number; total: number } {
  const [, ...fields] = (read("/proc/stat") ?? "").split("\n")[0]!.trim().split(/\s+/);
  const n = fields.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
}

/** Samples named readings every `everyMs`, keeping each one's maximum. */
export function maxSampler(readings: Record<string, () => number>, everyMs = 250) {
  const max: Record<string, number> = Object.fromEntries(Object.keys(readings).map((k) => [k, 0]));
  const sample = () => {
    for (const [k, fn] of Object.entries(readings)) max[k] = Math.max(max[k]!, fn());
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    max,
    stop: () => {
      clearInterval(timer);
      sample();
      return max;
    },
  };
}
