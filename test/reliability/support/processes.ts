// The app and worker processes a reliability test runs: real `next start` and real
// workers (scripts/worker.ts) on the sandbox's database, each logging to .sandbox/logs/.
// Every process started here is stopped by stopAll() (afterAll of each file).
import { readFileSync } from "node:fs";
import { nextBin, startProcess, waitForHealth, workerArgs, type ManagedProcess } from "../../../scripts/sandbox/app-process";
import { sandboxPath } from "../../../scripts/sandbox/shared";
import { sandbox } from "./env";

export type App = ManagedProcess & { url: string; port: number };
export type Worker = ManagedProcess & { name: string; lines: string[] };

const started: ManagedProcess[] = [];

/** A production app instance on `port` (the build is made by the runner). */
export async function startApp(port: number = sandbox.appPort, env: Record<string, string> = {}): Promise<App> {
  const proc = startProcess(
    "app",
    [nextBin, "start", "-p", String(port)],
    { NODE_ENV: "production", LOG_LEVEL: "warn", ...env },
    {
      logFile: sandboxPath("logs", `reliability-app-${port}.log`),
    },
  );
  started.push(proc);
  const url = `http://localhost:${port}`;
  await waitForHealth(url, proc, 90_000);
  return { ...proc, url, port };
}

let workerCount = 0;

/**
 * A worker. The scheduled inventory sync is off (tests start syncs themselves).
 */
export function startWorker(env: Record<string, string> = {}): Worker {
  const name = `worker-${++workerCount}`;
  const lines: string[] = [];
  const proc = startProcess(
    "worker",
    workerArgs,
    { NODE_ENV: "test", LOG_LEVEL: "info", KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES: "0", ...env },
    {
      logFile: sandboxPath("logs", `reliability-${name}.log`),
      onLine: (line) => lines.push(line),
    },
  );
  started.push(proc);
  return { ...proc, name, lines };
}

/** Until the worker has registered its queues (it logs "worker ready"). */
export async function workerReady(worker: Worker, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void worker.exited.then(() => (exited = true));
  while (!worker.lines.some((l) => l.includes('"worker ready"'))) {
    if (exited) throw new Error(`${worker.name} exited before it was ready:\n${worker.lines.slice(-20).join("\n")}`);
    if (Date.now() > deadline) throw new Error(`${worker.name} was not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** SIGKILL, as the kernel's OOM killer or a lost host would: no handler runs. */
export async function killHard(proc: ManagedProcess): Promise<void> {
  // tsx runs the worker in a child process of its own: kill it and the tsx parent, so no
  // orphan keeps a database session open.
  const pid = proc.child.pid;
  if (pid === undefined) return;
  for (const child of childrenOf(pid)) process.kill(child, "SIGKILL");
  process.kill(pid, "SIGKILL");
  await proc.exited;
}

function childrenOf(pid: number): number[] {
  try {
    const direct = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return direct.flatMap((c) => [...childrenOf(c), c]);
  } catch {
    return [];
  }
}

export async function stopAll(): Promise<void> {
  for (const proc of started.splice(0).reverse()) await proc.stop();
}

/** Lines where a worker reported a promise rejected with nobody listening (always a bug). */
export const unhandled = (worker: Worker) => worker.lines.filter((l) => l.includes("unhandled rejection"));
