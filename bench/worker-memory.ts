// The worker's memory through a benchmark (issue 16 item 5): its resident size from /proc,
// sampled every second, and, from V8's --trace-gc lines, the heap left after each full
// collection. RSS alone cannot tell what a worker holds from garbage V8 had not collected yet
// under its heap bound; the heap after a mark-compact can.
import { peakRssMb, rssMb, statusSumMb } from "./harness";
import type { BenchRow } from "./summary-rows";
import { WORKER_HEAP_MB as HEAP_BOUND_MB, WORKER_NODE_FLAGS } from "../scripts/worker-flags";

/**
 * The image's flags, plus KEYLESS_BENCH_WORKER_FLAGS for a diagnosis or a trial
 * (e.g. "--trace-gc", "--heapsnapshot-signal=SIGUSR2"): the benchmark's workers only.
 */
export function benchWorkerFlags(): string[] {
  return [...WORKER_NODE_FLAGS, ...(process.env.KEYLESS_BENCH_WORKER_FLAGS ?? "").split(" ").filter(Boolean)];
}
const RSS_BUDGET_MB = 300;

// [pid:isolate]  1234 ms: Mark-Compact 120.5 (135.2) -> 80.1 (130.0) MB, …
const MARK_COMPACT = /Mark-Compact(?: \([a-z ]+\))? ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/;

export type WorkerMemory = {
  rssMb: number;
  /** At the highest sampled RSS: anonymous memory (heaps, Wasm, malloc) and file-backed pages (the binary, libraries). */
  anonMb: number;
  fileMb: number;
  liveHeapMb: number;
  heapBeforeGcMb: number;
  fullGcs: number;
  samples: number;
};

export function workerMemory() {
  const m: WorkerMemory = { rssMb: 0, anonMb: 0, fileMb: 0, liveHeapMb: 0, heapBeforeGcMb: 0, fullGcs: 0, samples: 0 };
  let timer: NodeJS.Timeout | undefined;
  let watched = 0;
  return {
    onLine: (line: string) => {
      const g = MARK_COMPACT.exec(line);
      if (!g) return;
      m.fullGcs++;
      m.heapBeforeGcMb = Math.max(m.heapBeforeGcMb, Number(g[1]));
      m.liveHeapMb = Math.max(m.liveHeapMb, Number(g[3]));
    },
    watch: (pid: number) => {
      watched = pid;
      timer = setInterval(() => {
        const rss = rssMb(pid);
        m.samples++;
        if (rss <= m.rssMb) return;
        m.rssMb = rss;
        m.anonMb = statusSumMb(pid, "RssAnon");
        m.fileMb = statusSumMb(pid, "RssFile");
      }, 1000);
    },
    stop: (): WorkerMemory => {
      clearInterval(timer);
      // The kernel's peak: a spike between two samples counts too.
      if (watched) m.rssMb = Math.max(m.rssMb, peakRssMb(watched));
      return { ...m };
    },
  };
}

export function workerMemoryRow(w: WorkerMemory): BenchRow {
  const ok = w.rssMb > 0 && w.rssMb <= RSS_BUDGET_MB;
  return {
    item: "5 Worker RSS, one worker through the 1,000-account sync ≤ 300 MB",
    budget: `≤ ${RSS_BUDGET_MB} MB`,
    measured:
      `${w.rssMb} MB peak RSS (VmHWM; the image's bundle and flags, heap bound ${HEAP_BOUND_MB} MB; at the highest 1 s sample ${w.anonMb} MB anonymous, ${w.fileMb} MB file-backed); ` +
      `heap after a full GC at most ${w.liveHeapMb.toFixed(0)} MB, ` +
      `before one at most ${w.heapBeforeGcMb.toFixed(0)} MB (${w.fullGcs} full GCs, ${w.samples} RSS samples)`,
    ok,
    ...(ok
      ? {}
      : {
          note:
            `What the worker holds (the heap after a full GC) is ${w.liveHeapMb.toFixed(0)} MB of the ${w.rssMb}: the rest is V8's room to ` +
            `grow before it collects (${Math.max(0, w.heapBeforeGcMb - w.liveHeapMb).toFixed(0)} MB at most), its young generation, glibc's malloc ` +
            `arenas, the Wasm of Prisma's query compiler and the node binary's pages (${w.fileMb} MB file-backed). Next step: a heap ` +
            `snapshot at the peak (--heapsnapshot-signal), the first listing of 8 large accounts at once.`,
        }),
  };
}
