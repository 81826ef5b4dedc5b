// The horizontal-scale sandbox: one Postgres (with the demo's accounts and roles) and one
// moto (the organisation seed's: no AWS managed policies, IAM throttled per account), two
// app instances (production build, `next start`, the Dockerfile's heap flag) on
// KEYLESS_BENCH_APP_PORT and KEYLESS_BENCH_SECOND_APP_PORT, and two workers run as the image
// runs them (the esbuild bundle, `node --max-old-space-size=256 --liftoff-only --optimize-for-size --conditions=react-server dist/worker.mjs`).
import pg from "pg";
import { seedDatabase } from "../prisma/seed";
import { buildIsStale, nextBin, startProcess, waitForHealth, type ManagedProcess } from "../scripts/sandbox/app-process";
import { envPort, sandboxPath } from "../scripts/sandbox/shared";
import { run } from "../scripts/sandbox/stack";
import { benchPorts, PRODUCTION_APP_NODE_OPTIONS, rssMb, withPeaks } from "./harness";
import { findDescendant, maxSampler } from "./proc-stats";
import { startBenchSandbox } from "./sandbox";
import { benchWorkerFlags } from "./worker-memory";

export type ScaleSandbox = {
  motoUrl: string;
  apps: { url: string; proc: ManagedProcess }[];
  workers: ManagedProcess[];
  /** Process ids of moto's server and Postgres's postmaster (its backends are its children). */
  motoPid: number;
  postgresPid: number;
  db: pg.Pool;
  stop(): Promise<void>;
};

/**
 * RSS of both apps and both workers through one phase: sampled every 250 ms, and at stop()
 * raised to each process's kernel peak (VmHWM) where a spike fell between two samples. VmHWM
 * covers the process's life: in a full run the sync's rows include the vending phase's peak.
 */
export function rssSampler({ apps, workers }: Pick<ScaleSandbox, "apps" | "workers">): {
  /** The sampled maxima so far (progress lines). */
  max: Record<string, number>;
  stop(): Record<string, number>;
} {
  const pids: Record<string, number> = {
    "app 1": apps[0]!.proc.child.pid ?? 0,
    "app 2": apps[1]!.proc.child.pid ?? 0,
    "worker 1": workers[0]!.child.pid ?? 0,
    "worker 2": workers[1]!.child.pid ?? 0,
  };
  const sampler = maxSampler(Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, () => rssMb(pid)])));
  return { max: sampler.max, stop: () => withPeaks(sampler.stop(), pids) };
}

export async function startScaleSandbox(
  env: Record<string, string>,
  iamThrottle: { ratePerSecond: number; burst: number },
  /** Runs once moto is up, before the apps start; returns more environment for them. */
  prepare: (motoUrl: string) => Promise<Record<string, string>>,
): Promise<ScaleSandbox> {
  const sandbox = await startBenchSandbox({ awsManagedPolicies: false, iamThrottle });
  const started: ManagedProcess[] = [];
  const stop = async () => {
    for (const p of started.reverse()) await p.stop();
    await sandbox.stop();
  };
  try {
    await seedDatabase(sandbox.ownerUrl);
    const base = { ...sandbox.env, ...env, ...(await prepare(sandbox.motoUrl)) };
    if (buildIsStale()) {
      console.log("  building the app…");
      await run(process.execPath, [nextBin, "build"], base, "next build");
    }
    await run("npm", ["run", "build:worker"], base, "npm run build:worker");
    const ports = [benchPorts.app, envPort("KEYLESS_BENCH_SECOND_APP_PORT", benchPorts.app + 1)];
    const apps = ports.map((port, i) => {
      const proc = startProcess(
        `app ${i + 1}`,
        [nextBin, "start", "-p", String(port)],
        { ...base, NODE_OPTIONS: PRODUCTION_APP_NODE_OPTIONS },
        {
          logFile: sandboxPath("logs", `bench-scale-app-${i + 1}.log`),
        },
      );
      started.push(proc);
      return { url: `http://localhost:${port}`, proc };
    });
    for (const a of apps) await waitForHealth(a.url, a.proc, 180_000); // a loaded machine starts slowly
    // The workers log at info level: the benchmark reads which worker ran which account.
    const workers = [1, 2].map((i) => {
      const proc = startProcess(
        `worker ${i}`,
        [...benchWorkerFlags(), "dist/worker.mjs"],
        { ...base, LOG_LEVEL: "info" },
        {
          logFile: sandboxPath("logs", `bench-scale-worker-${i}.log`),
        },
      );
      started.push(proc);
      return proc;
    });
    const motoPid = findDescendant("moto_server.py");
    const postgresPid = findDescendant("bench-postgres");
    if (!motoPid || !postgresPid)
      throw new Error(`could not find moto (${motoPid}) or Postgres (${postgresPid}) among this process's children`);
    const db = new pg.Pool({ connectionString: sandbox.env.DATABASE_URL, max: 4 });
    return {
      motoUrl: sandbox.motoUrl,
      apps,
      workers,
      motoPid,
      postgresPid,
      db,
      stop: async () => {
        await db.end();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
