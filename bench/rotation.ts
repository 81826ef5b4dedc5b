// Benchmark: rotate N webhook integrations (default 200) in one run, through the real path
// (startRotation → pg-boss → a worker process → the state machine, Postgres records and
// audit at every step), and compare with the same AWS and target calls made bare, with no
// database or queue, at the same concurrency. Not part of `npm test`.
//
//   npx tsx --conditions=react-server bench/rotation.ts [--count 200] [--concurrency 8]
//
// It starts its own sandbox (moto, stand-ins, IdP…) on the KEYLESS_BENCH_* ports and uses
// KEYLESS_BENCH_DATABASE_URL (a database it may drop and recreate) or the embedded Postgres.
import { randomUUID } from "node:crypto";
import { CreateUserCommand } from "@aws-sdk/client-iam";
import { startProcess, workerArgs } from "../scripts/sandbox/app-process";
import { iamIn } from "../scripts/sandbox/aws-clients";
import { sandboxPath } from "../scripts/sandbox/shared";
import { benchPorts } from "./harness";
import { startStack } from "../scripts/sandbox/stack";
import { StandinsClient } from "../scripts/sandbox/standins/client";
import { pool, printTable, stats } from "./rotation-report";
import { writeBenchRows } from "./summary-rows";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg("count", 200);
const CONCURRENCY = arg("concurrency", 8);
const ACCOUNT = "111111111111";

const stack = await startStack({
  name: "bench",
  ports: benchPorts,
  databaseUrl: process.env.KEYLESS_BENCH_DATABASE_URL,
  freshDatabase: true,
  log: (l) => console.log(`  ${l}`),
});
const benchEnv = { ...stack.env, KEYLESS_ROTATION_CONCURRENCY: String(CONCURRENCY), LOG_LEVEL: "warn" };
Object.assign(process.env, benchEnv);

// Loaded only now: lib/ reads its configuration from the sandbox's environment.
const { db, pool: sharedPool } = await import("@/lib/db");
const { createIntegration } = await import("@/lib/integrations/manage");
const { startRotation } = await import("@/lib/rotation/start");
const { stopBoss } = await import("@/lib/jobs/boss");
const { bareRotation } = await import("./rotation-bare");
const { rolesFromGroups } = await import("@/lib/auth/roles");
const { roleMapping } = await import("@/lib/auth/session-lookup");

const standins = new StandinsClient(stack.urls.standins);
const runId = randomUUID().slice(0, 6);

/** N IAM users with one key each, and a signed webhook receiver with a health URL per user. */
async function prepare(label: string) {
  const iam = await iamIn(stack.urls.moto, ACCOUNT);
  const { createAccessKey } = await import("@/lib/aws/iam-keys");
  const items = Array.from({ length: COUNT }, (_, i) => ({
    userName: `bench-${label}-${runId}-${i}`,
    receiver: `bench-${label}-${runId}-${i}`,
    secret: `whsec_${randomUUID()}`,
  }));
  await pool(items, 8, async (it) => {
    await iam.send(new CreateUserCommand({ UserName: it.userName }));
    await createAccessKey({ accountId: ACCOUNT, userName: it.userName });
    await standins.webhookReceiver(it.receiver, it.secret);
  });
  iam.destroy();
  return items.map((it) => ({ ...it, url: `${stack.urls.standins}/webhook/${it.receiver}` }));
}

try {
  console.log(`\nPreparing ${COUNT} + ${COUNT} IAM users with a key and a webhook receiver each…`);
  const bareSet = await prepare("bare");
  const keylessSet = await prepare("kl");

  // Measured A B B A: half the bare rotations, half the Keyless ones, the other Keyless
  // half, the other bare half, so that moto filling up or the machine slowing down meets
  // both alike. Bare: the unavoidable calls of a rotation, no database, no queue.
  const half = <T>(items: T[]): [T[], T[]] => [items.slice(0, items.length >> 1), items.slice(items.length >> 1)];
  const bare: Awaited<ReturnType<typeof bareRotation>>[] = [];
  let bareMs = 0;
  const runBare = async (set: typeof bareSet) => {
    console.log(`Bare: ${set.length} rotations with the same AWS and webhook calls, ${CONCURRENCY} at a time…`);
    const t = performance.now();
    bare.push(
      ...(await pool(set, CONCURRENCY, (it) =>
        bareRotation({ accountId: ACCOUNT, userName: it.userName }, { url: it.url, healthUrl: it.url }, it.secret),
      )),
    );
    bareMs += performance.now() - t;
  };

  // Keyless: integrations (made beforehand, not measured), then rotations through pg-boss
  // and a worker process.
  const user = await db().user.create({
    data: { email: `bench-${runId}@example.com`, groups: ["aws-admins"] },
    select: { id: true, email: true },
  });
  const admin = {
    kind: "user" as const,
    userId: user.id,
    email: user.email,
    name: "bench",
    groups: ["aws-admins"],
    roles: rolesFromGroups(["aws-admins"], roleMapping()),
    via: "session" as const,
    request: { requestId: runId, ip: null, userAgent: "bench" },
  };
  const ids = await pool(keylessSet, 8, async (it) => {
    const i = await createIntegration(admin, {
      name: it.receiver,
      accountId: ACCOUNT,
      iamUserName: it.userName,
      targetType: "webhook",
      targetSettings: { url: it.url, healthUrl: it.url },
      targetToken: it.secret,
      rotationIntervalDays: 90,
      graceSeconds: 0,
      ownerEmail: "bench@example.com",
      enabled: true,
    });
    return i.id;
  });
  const rotationIds: string[] = [];
  let keylessMs = 0;
  let enqueuedMs = 0;
  const runKeyless = async (set: string[]) => {
    console.log(`Keyless: ${set.length} rotations through pg-boss, one worker with ${CONCURRENCY} pollers…`);
    const start = performance.now();
    const started = await pool(set, 8, async (id) => (await startRotation(admin, id, "manual")).rotationId);
    enqueuedMs += performance.now() - start;
    rotationIds.push(...started);
    for (;;) {
      const open = await db().rotation.count({ where: { id: { in: started }, status: { in: ["running", "waiting"] } } });
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    keylessMs += performance.now() - start;
  };

  const [bare1, bare2] = half(bareSet);
  const [kl1, kl2] = half(ids);
  await runBare(bare1);
  const worker = startProcess("worker", workerArgs, benchEnv, { logFile: sandboxPath("logs", "bench-rotation-worker.log") });
  await new Promise((r) => setTimeout(r, 6000)); // worker start (tsx) is not part of the measurement
  await runKeyless(kl1);
  await runKeyless(kl2);
  await worker.stop();
  await runBare(bare2);

  const rows = await db().rotation.findMany({
    where: { id: { in: rotationIds } },
    select: { status: true, startedAt: true, finishedAt: true, steps: { select: { at: true, status: true }, orderBy: { id: "asc" } } },
  });
  // A step's "done" record is stamped before its transaction, the next step's "started"
  // right after it commits: the gap between them is one recording transaction.
  const recordGaps = rows.flatMap((r) =>
    r.steps
      .slice(1)
      .flatMap((s, i) => (r.steps[i]!.status === "done" && s.status === "started" ? [s.at.getTime() - r.steps[i]!.at.getTime()] : [])),
  );
  const failed = rows.filter((r) => r.status !== "succeeded").length;
  const latency = rows.map((r) => (r.finishedAt?.getTime() ?? 0) - r.startedAt.getTime());
  const queued = rows.map((r) => (r.steps[0]?.at.getTime() ?? 0) - r.startedAt.getTime());
  const running = rows.map((r) => (r.steps.at(-1)?.at.getTime() ?? 0) - (r.steps[0]?.at.getTime() ?? 0));
  const bareCalls = bare.reduce((n, b) => n + b.calls, 0) / bare.length;
  const bareWait = bare.reduce((n, b) => n + b.waitMs, 0);
  printTable({
    COUNT,
    CONCURRENCY,
    bareMs,
    bareWait,
    bareCalls,
    bareEach: stats(bare.map((b) => b.ms)),
    keylessMs,
    enqueuedMs,
    failed,
    latency: stats(latency),
    queued: stats(queued),
    running: stats(running),
    record: stats(recordGaps),
  });
  writeBenchRows("rotation", [
    {
      item: "SPEC Rotation: every rotation succeeds",
      budget: "0 failed (no time budget)",
      measured: `${failed} of ${rows.length} failed; wall time ${(keylessMs / bareMs).toFixed(2)}× the bare calls`,
      ok: failed === 0,
      ...(failed === 0 ? {} : { note: "See the rotations' last steps in the bench database and bench-rotation-worker.log." }),
    },
  ]);
} finally {
  await stopBoss().catch(() => undefined);
  await db()
    .$disconnect()
    .catch(() => undefined);
  // Prisma's adapter does not own the shared pool: end it before Postgres stops, or its idle
  // connections report the shutdown as an unhandled error.
  await sharedPool()
    .end()
    .catch(() => undefined);
  await stack.stop();
}
process.exit(0);
