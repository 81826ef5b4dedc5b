// A second app from another checkout (e.g. `main`, built), beside the bench's own app on the
// same sandbox and database, so "before" and "after" meet the same machine in one run:
//   git worktree add --detach ../base main && (cd ../base && npm ci && npx next build)
//   npm run bench:vending -- --baseline ../base
import path from "node:path";
import { startProcess, waitForHealth, type ManagedProcess } from "../scripts/sandbox/app-process";
import { envPort, sandboxPath } from "../scripts/sandbox/shared";
import type { Bench } from "./harness";

export async function startBaselineApp(bench: Bench, dir: string): Promise<{ app: ManagedProcess; url: string }> {
  const port = envPort("KEYLESS_BENCH_SECOND_APP_PORT", 3701);
  const root = path.resolve(dir);
  const app = startProcess(
    "baseline",
    [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)],
    bench.env,
    {
      logFile: sandboxPath("logs", "bench-baseline-app.log"),
      cwd: root,
    },
  );
  const url = `http://localhost:${port}`;
  await waitForHealth(url, app);
  return { app, url };
}
