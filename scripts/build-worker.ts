// Bundles a worker entry for Node: the one definition of how the worker is built, used by
// `npm run build:worker` (scripts/worker.ts → dist/worker.mjs, the production image's worker)
// and by the crash tests' workers (scripts/sandbox/app-process.ts, bundledWorkerArgs), so the
// worker the tests kill is built exactly as the one that runs in production.
//   npm run build:worker
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync, type BuildOptions } from "esbuild";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Node flags the bundle runs with: "react-server" makes `server-only` importable outside Next. */
export const workerNodeFlags = ["--conditions=react-server"];

export function workerBuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [path.resolve(projectRoot, entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["react-server"],
    // npm packages stay external: the image installs them (`npm ci --omit=dev`) beside the bundle.
    packages: "external",
    alias: { "@": projectRoot },
    outfile,
    logLevel: "warning",
  };
}

/** Builds `entry` into `outfile` (absolute, or relative to the project root). */
export function buildWorker(entry: string, outfile: string): void {
  buildSync(workerBuildOptions(entry, path.resolve(projectRoot, outfile)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWorker("scripts/worker.ts", "dist/worker.mjs");
}
