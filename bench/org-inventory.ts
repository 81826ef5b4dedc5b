// Inventory at 1,000 accounts (issue 16 item 3), not part of `npm test`:
//   npm run bench:org-inventory     (ports: KEYLESS_BENCH_MOTO_PORT/_POSTGRES_PORT)
// moto is seeded in its own process with an Organization of ORG_BENCH_ACCOUNTS accounts,
// 50,000 IAM users and 100,000 keys (Zipf: a few accounts hold most) and throttles IAM per
// account (ORG_BENCH_IAM_RATE/s, burst ORG_BENCH_IAM_BURST). Then, alternating: a bare SDK
// walk of every account at the product's concurrency, and a full Keyless sync started as
// the product does (startSync: Organizations discovery, one job per account) and run by a
// worker process. Calls are counted at moto; database time is Postgres's own active time.
import pg from "pg";
import { inventorySyncAccountJob } from "../lib/jobs/definitions/inventory-sync-account";
import { startProcess } from "../scripts/sandbox/app-process";
import { minimumCalls, seedOrg, throttleStats } from "../scripts/sandbox/org-seed";
import { sandboxPath } from "../scripts/sandbox/shared";
import { bareOrgWalk, type WalkConcurrency } from "./bare-org-walk";
import { resetStatementTime, statementTime } from "./db-time";
import { dbActiveMs, reportOrgBench, type Run } from "./org-inventory-report";
import { awsCalls, resetAwsCalls, startBenchSandbox } from "./sandbox";
import { benchWorkerFlags, workerMemory } from "./worker-memory";
import { findDescendant, treeCpuMs } from "./proc-stats";
import { run } from "../scripts/sandbox/stack";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ACCOUNTS = num("ORG_BENCH_ACCOUNTS", 1000);
const USERS = num("ORG_BENCH_USERS", 50_000);
const KEYS = num("ORG_BENCH_KEYS", 100_000);
const ROUNDS = num("ORG_BENCH_ROUNDS", 2); // pairs of (Keyless, bare), the order alternating
// AWS publishes no IAM read rate; it is per account and clients see Throttling at tens of
// calls a second. 20/s with a burst of 40 throttles every account that is hammered.
const throttle = { ratePerSecond: num("ORG_BENCH_IAM_RATE", 20), burst: num("ORG_BENCH_IAM_BURST", 40) };
const say = (s: string) => console.log(s);

const sandbox = await startBenchSandbox(
  { awsManagedPolicies: false, iamThrottle: throttle, readyTimeoutMs: 120_000 },
  { statementStats: true },
);
let worker: ReturnType<typeof startProcess> | undefined;
try {
  // moto's server process: its CPU over each run says whether moto, not the sync, set the wall.
  const motoPid = findDescendant("moto_server.py");
  if (!motoPid) throw new Error("could not find moto's server among this process's children");
  const t0 = performance.now();
  const seed = await seedOrg(sandbox.motoUrl, { accounts: ACCOUNTS, users: USERS, keys: KEYS });
  const biggest = [...seed.accounts].sort((a, b) => b.users - a.users);
  say(
    `Seeded ${seed.accounts.length - 1} member accounts + the management one, ${seed.users} users, ${seed.keys} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
      `(largest ${biggest
        .slice(0, 5)
        .map((a) => a.users)
        .join(", ")} users; top 10 hold ${Math.round((100 * biggest.slice(0, 10).reduce((n, a) => n + a.users, 0)) / seed.users)}%)`,
  );
  const orgRole = `arn:aws:iam::${seed.managementAccount}:role/KeylessOrganizations`;
  const env = { ...sandbox.env, KEYLESS_ORGANIZATIONS_ROLE_ARN: orgRole, KEYLESS_INVENTORY_SYNC_INTERVAL_MINUTES: "0" };
  process.env.KEYLESS_ORGANIZATIONS_ROLE_ARN = orgRole;
  const { db } = await import("../lib/db");
  const { env: appEnv } = await import("../lib/env");
  const { systemCaller } = await import("../lib/auth/caller");
  const { startSync } = await import("../lib/inventory/start-sync");
  // The product's limits: one worker runs `concurrency` account jobs at once, each with
  // KEYLESS_INVENTORY_CONCURRENCY IAM calls in flight, and (where the product has it) a bound
  // on IAM attempts across them all.
  const concurrency: WalkConcurrency = {
    accountsAtOnce: inventorySyncAccountJob.concurrency ?? 1,
    perAccount: appEnv().KEYLESS_INVENTORY_CONCURRENCY,
    globalCalls: appEnv().KEYLESS_INVENTORY_GLOBAL_CONCURRENCY,
  };
  say(
    `Concurrency (the product's): ${JSON.stringify(concurrency)}; IAM throttled at ${throttle.ratePerSecond}/s, burst ${throttle.burst}, per account`,
  );
  // The worker runs as the image runs it (the esbuild bundle, the heap bound of
  // deploy/k8s/worker.yaml), plus --trace-gc: the heap left after each full collection is
  // what the worker really holds, apart from garbage V8 had not yet collected (item 5).
  await run("npm", ["run", "build:worker"], env, "npm run build:worker");
  const memory = workerMemory();
  worker = startProcess("worker", [...benchWorkerFlags(), "--trace-gc", "dist/worker.mjs"], env, {
    logFile: sandboxPath("logs", "bench-org-worker.log"),
    onLine: memory.onLine,
  });
  memory.watch(worker.child.pid ?? 0);
  await new Promise((r) => setTimeout(r, 8000)); // the worker's start is not measured

  const runs: Run[] = [];
  const measure = async (kind: Run["kind"], body: () => Promise<Partial<Run>>) => {
    await resetAwsCalls(sandbox.motoUrl);
    const throttledBefore = (await throttleStats(sandbox.motoUrl)).throttled;
    const dbBefore = await dbActiveMs(sandbox.ownerUrl);
    const motoBefore = treeCpuMs(motoPid);
    await resetStatementTime(sandbox.ownerUrl);
    const t = performance.now();
    const extra = await body();
    const ms = performance.now() - t;
    const statements = await statementTime(sandbox.ownerUrl);
    const calls = await awsCalls(sandbox.motoUrl);
    const run: Run = {
      kind,
      first: kind === "keyless" && !runs.some((r) => r.kind === "keyless"),
      ms,
      calls: calls.total,
      actions: calls.actions,
      throttled: (await throttleStats(sandbox.motoUrl)).throttled - throttledBefore,
      dbMs: (await dbActiveMs(sandbox.ownerUrl)) - dbBefore,
      motoCpuMs: treeCpuMs(motoPid) - motoBefore,
      statements,
      ...extra,
    };
    runs.push(run);
    say(
      `  ${kind === "bare" ? "bare SDK walk" : run.first ? "Keyless sync (first)" : "Keyless sync"}: ${(ms / 1000).toFixed(1)} s, ${run.calls} AWS calls (${run.throttled} throttled), ${run.keys} keys, DB active ${((100 * run.dbMs) / ms).toFixed(1)}%, moto's CPU ${((100 * run.motoCpuMs) / ms).toFixed(0)}% of a core, the app's statements ${((100 * statements.syncMs) / ms).toFixed(1)}% (+ pg-boss ${((100 * statements.bossMs) / ms).toFixed(1)}%)${run.own ? ` (sync's own DB time ${((100 * run.own.dbMs) / ms).toFixed(1)}%)` : ""}`,
    );
  };
  const bare = () =>
    measure("bare", async () => {
      const r = await bareOrgWalk(sandbox.motoUrl, orgRole, concurrency);
      return { keys: r.keys, users: r.users, accounts: r.accounts };
    });
  const keyless = () =>
    measure("keyless", async () => {
      const started = await startSync(systemCaller("bench"), { trigger: "manual" });
      let own: Run["own"];
      let lastSay = performance.now();
      // Polled as the database owner: its statements are not the sync's (bench/db-time.ts).
      const owner = new pg.Client({ connectionString: sandbox.ownerUrl });
      await owner.connect();
      try {
        for (;;) {
          await new Promise((r) => setTimeout(r, 500));
          const [run] = (
            await owner.query<{ finished: boolean; dbMs: number; awsCalls: number; throttles: number }>(
              `SELECT finished_at IS NOT NULL AS finished, db_ms AS "dbMs", aws_calls AS "awsCalls", throttles FROM inventory_syncs WHERE id = $1`,
              [started.id],
            )
          ).rows;
          if (run?.finished) {
            own = { dbMs: run.dbMs, awsCalls: run.awsCalls, throttles: run.throttles };
            break;
          }
          if (performance.now() - lastSay > 15_000) {
            lastSay = performance.now();
            const by = await owner.query<{ status: string; n: number }>(
              "SELECT status, count(*)::int AS n FROM inventory_sync_accounts WHERE sync_id = $1 GROUP BY status ORDER BY status",
              [started.id],
            );
            say(`    progress: ${by.rows.map((g) => `${g.status} ${g.n}`).join(", ")}`);
          }
        }
      } finally {
        await owner.end();
      }
      const rows = await db().inventorySyncAccount.findMany({
        where: { syncId: started.id },
        select: {
          status: true,
          users: true,
          keys: true,
          awsCalls: true,
          startedAt: true,
          finishedAt: true,
          account: { select: { accountId: true } },
        },
      });
      return { syncId: started.id, keys: rows.reduce((n, r) => n + (r.keys ?? 0), 0), accounts: rows.length, accountRows: rows, own };
    });
  for (let round = 0; round < ROUNDS; round++) for (const step of round % 2 === 0 ? [keyless, bare] : [bare, keyless]) await step();

  await reportOrgBench({ seed, minimum: minimumCalls(seed), runs, concurrency, throttle, say, worker: memory.stop() });
} finally {
  await worker?.stop();
  const { stopBoss } = await import("../lib/jobs/boss");
  await stopBoss().catch(() => undefined);
  await sandbox.stop();
}
process.exit(0);
