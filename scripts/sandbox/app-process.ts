// Runs the Next.js app (and later the worker) as child processes with the sandbox's
// environment; waits until /api/health answers; stops them on request.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { buildWorker, workerNodeFlags } from "../build-worker";
import { projectRoot, sandboxPath } from "./shared";

const SOURCES = [
  "app",
  "components",
  "lib",
  "cli/src",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "package-lock.json",
  "postcss.config.mjs",
];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** True when the production build is missing or older than the sources. */
export function buildIsStale(): boolean {
  const buildId = path.join(projectRoot, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(projectRoot, s)) > built);
}

export type ManagedProcess = { child: ChildProcess; stop(): Promise<void>; exited: Promise<number | null> };

export function startProcess(
  label: string,
  args: string[],
  env: Record<string, string>,
  opts: { logFile: string; onLine?: (line: string) => void; /** Default: this checkout. */ cwd?: string },
): ManagedProcess {
  const log = createWriteStream(opts.logFile, { flags: "a" });
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd ?? projectRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffer = "";
  const onData = (d: Buffer) => {
    log.write(d);
    if (!opts.onLine) return;
    buffer += d.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) opts.onLine(line);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const kill = () => child.kill("SIGKILL");
  process.on("exit", kill);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
    }
    // Only now: a caller that exits while a child is still finishing its work after SIGTERM
    // (a worker drains its jobs) must not leave it running, on ports the next run reuses.
    process.removeListener("exit", kill);
    log.end();
  };
  void label;
  return { child, stop, exited };
}

export async function waitForHealth(url: string, proc: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the app exited before it was ready (exit ${proc.child.exitCode})`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app did not answer ${url}/api/health within ${timeoutMs / 1000}s`);
}

export const nextBin = path.join(projectRoot, "node_modules", "next", "dist", "bin", "next");
export const tsxCli = path.join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs");
/** The worker runs lib/ code outside Next: "react-server" makes `server-only` importable. */
export const workerArgs = [tsxCli, "--conditions=react-server", "scripts/worker.ts"];

const bundled = new Map<string, string[]>();
/**
 * Node arguments that run a TypeScript worker entry (such as the crash tests' workers) from
 * one bundle, built once per process by `npm run build:worker`'s own code (scripts/build-worker.ts):
 * starting it through tsx compiles the whole job graph again at every spawn (about 2 s here),
 * which the crash tests, spawning dozens of workers, paid each time.
 */
export function bundledWorkerArgs(entry: string): string[] {
  let args = bundled.get(entry);
  if (!args) {
    const outfile = sandboxPath("bundles", `${path.basename(entry, ".ts")}.mjs`);
    buildWorker(entry, outfile);
    args = [...workerNodeFlags, outfile];
    bundled.set(entry, args);
  }
  return args;
}
