// The horizontal-scale sandbox: one Postgres and one moto, two app instances (production
// build, `next start`, the Dockerfile's heap flag) on KEYLESS_BENCH_APP_PORT and
// KEYLESS_BENCH_SECOND_APP_PORT, and two workers run as the image runs them (the esbuild
// bundle, `node --conditions=react-server dist/worker.mjs`), not through tsx.
import pg from "pg";
import { buildIsStale, nextBin, startProcess, waitForHealth, type ManagedProcess } from "../scripts/sandbox/app-process";
import { envPort, sandboxPath } from "../scripts/sandbox/shared";
import { run, startStack, type Stack } from "../scripts/sandbox/stack";
import { benchPorts, PRODUCTION_APP_NODE_OPTIONS } from "./harness";
import { findDescendant } from "./proc-stats";

export type ScaleSandbox = {
  stack: Stack;
  apps: { url: string; proc: ManagedProcess }[];
  workers: ManagedProcess[];
  /** Process ids of moto's server and Postgres's postmaster (its backends are its children). */
  motoPid: number;
  postgresPid: number;
  db: pg.Pool;
  stop(): Promise<void>;
};

export async function startScaleSandbox(env: Record<string, string>): Promise<ScaleSandbox> {
  const stack = await startStack({ name: "bench", ports: benchPorts, freshDatabase: true, log: (l) => console.log(`  ${l}`) });
  const started: ManagedProcess[] = [];
  const stop = async () => {
    for (const p of started.reverse()) await p.stop();
    await stack.stop();
  };
  try {
    const base = { ...stack.env, ...env };
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
        ["--conditions=react-server", "dist/worker.mjs"],
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
    const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 4 });
    return {
      stack,
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
