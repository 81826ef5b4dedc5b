// `npm test`: unit tests, then integration tests, Playwright end-to-end tests and the
// security suite against a real sandbox (embedded Postgres, moto, the bundled IdP,
// stand-ins) that this script starts on its own ports, with a fresh database, and stops at
// the end; last, the reliability suite on a sandbox of its own (it stops Postgres and kills
// processes).
//   npm test                      everything
//   npm test -- --only unit|integration|e2e|security|reliability   (or several: --only e2e,security)
//   npm test -- --only e2e -- --grep "console"   (extra args go to the runner of a single phase)
//   npm run test:security         = --only e2e,security (the leak scan needs the e2e run)
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";
import { buildIsStale, nextBin, startProcess, waitForHealth, workerArgs, type ManagedProcess } from "./sandbox/app-process";
import { startRecordingProxy } from "./sandbox/recording-proxy";
import { envPort, projectRoot, sandboxDir, sandboxPath } from "./sandbox/shared";
import { startControl } from "./sandbox/control";
import { run, startStack, type Stack } from "./sandbox/stack";
import { playwrightFailures, printFailures, vitestFailures, type Failure } from "./sandbox/test-report";

const PHASES = ["unit", "integration", "e2e", "security", "reliability"] as const;
type Phase = (typeof PHASES)[number];

const args = process.argv.slice(2);
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
const passthrough = args.includes("--") ? args.slice(args.indexOf("--") + 1) : [];
const phases: Phase[] = only ? (only.split(",") as Phase[]) : [...PHASES];
const unknownPhase = phases.find((p) => !PHASES.includes(p));
if (unknownPhase) {
  console.error(`Unknown phase "${unknownPhase}": use ${PHASES.join(", ")} (comma-separated for several).`);
  process.exit(2);
}
/** Extra runner arguments go to the phase when exactly one was asked for. */
const extraFor = (phase: Phase) => (phases.length === 1 && phases[0] === phase ? passthrough : []);

const ports = {
  app: envPort("KEYLESS_TEST_APP_PORT", 3100),
  idp: envPort("KEYLESS_TEST_IDP_PORT", 4300),
  moto: envPort("KEYLESS_TEST_MOTO_PORT", 5300),
  postgres: envPort("KEYLESS_TEST_POSTGRES_PORT", 5434),
  federation: envPort("KEYLESS_TEST_FEDERATION_PORT", 4301),
  smtp: envPort("KEYLESS_TEST_SMTP_PORT", 2526),
  mailUi: envPort("KEYLESS_TEST_MAIL_UI_PORT", 8026),
  standins: envPort("KEYLESS_TEST_STANDINS_PORT", 4310),
};
// The reliability suite also runs a second app instance and a control endpoint for Postgres.
const reliabilityPorts = {
  secondApp: envPort("KEYLESS_TEST_SECOND_APP_PORT", 3101),
  control: envPort("KEYLESS_TEST_CONTROL_PORT", 4320),
};

function exec(cmd: string, cmdArgs: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);

// Each phase's runner also writes a JSON report; the failed tests in it are printed again
// at the very end, where a CI log that keeps only its tail still shows them.
const failedTests = new Map<Phase, Failure[]>();
function reportFile(phase: Phase): string {
  const file = sandboxPath("reports", `${phase}.json`);
  rmSync(file, { force: true });
  return file;
}
async function vitest(phase: Phase, env: Record<string, string> = {}): Promise<boolean> {
  const report = reportFile(phase);
  const args = ["run", "--project", phase, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extraFor(phase)];
  const ok = (await exec(bin("vitest"), args, env)) === 0;
  if (!ok) failedTests.set(phase, vitestFailures(report, projectRoot));
  return ok;
}
async function playwright(phase: Phase, config: string, env: Record<string, string>): Promise<boolean> {
  const report = reportFile(phase);
  const ok =
    (await exec(bin("playwright"), ["test", "-c", config, ...extraFor(phase)], { ...env, KEYLESS_TEST_REPORT_FILE: report })) === 0;
  if (!ok) failedTests.set(phase, playwrightFailures(report));
  return ok;
}

// What the browser phases leave for the security suite (e2e/security/): every response the
// app sent (through the recording proxy), the app's and worker's process ids, the tokens
// the IdP issued.
const securityDir = path.join(sandboxDir, "security");
const securityFiles = {
  responses: path.join(securityDir, "responses.jsonl"),
  processes: path.join(securityDir, "processes.json"),
  idpTokens: path.join(securityDir, "idp-tokens.jsonl"),
  extraSecrets: path.join(securityDir, "extra-secrets.jsonl"),
};

/** A free TCP port on the loopback interface (for the app behind the recording proxy). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Each run's logs start empty, so the leak scan reads this run's lines only. */
function resetTestArtifacts(): void {
  const logs = path.join(sandboxDir, "logs");
  if (existsSync(logs)) for (const f of readdirSync(logs)) if (/^test-.*\.log$/.test(f)) rmSync(path.join(logs, f), { force: true });
  rmSync(securityDir, { recursive: true, force: true });
  mkdirSync(securityDir, { recursive: true });
}
let stack: Stack | undefined;
const processes: ManagedProcess[] = [];
let control: { close(): Promise<void> } | undefined;

async function cleanup() {
  for (const p of processes.reverse()) await p.stop();
  processes.length = 0;
  await control?.close();
  control = undefined;
  await stack?.stop();
  stack = undefined;
}

async function buildApp(env: Record<string, string>): Promise<void> {
  if (!buildIsStale()) return;
  console.log("\n▶ Building the app");
  await run(process.execPath, [nextBin, "build"], { ...env, NODE_ENV: "production" }, "next build");
}
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

/**
 * Jobs the integration phase queued (no worker runs then: notifications, rotations) would
 * otherwise all land on the end-to-end phase's worker at once and delay what the browser
 * tests wait for. Each phase starts with an empty queue.
 */
async function dropQueuedJobs(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT to_regclass('pgboss.job') IS NOT NULL AS ok");
    if (rows[0]?.ok) await client.query("DELETE FROM pgboss.job WHERE state IN ('created', 'retry')");
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const failures: string[] = [];
  if (phases.includes("unit")) {
    console.log("\n▶ Unit tests");
    if (!(await vitest("unit"))) failures.push("unit");
  }
  const browser = phases.includes("e2e") || phases.includes("security");
  if (phases.includes("integration") || browser) {
    console.log("\n▶ Starting the test sandbox");
    resetTestArtifacts();
    const databaseUrl = process.env.KEYLESS_TEST_DATABASE_URL;
    stack = await startStack({
      name: "test",
      ports,
      databaseUrl,
      freshDatabase: true,
      idpTokenLogFile: securityFiles.idpTokens,
      log: (l) => console.log(`  ${l}`),
    });
    console.log("\n▶ Schema drift (migrations vs schema.prisma)");
    const drift = await exec(
      process.execPath,
      [
        path.join(projectRoot, "node_modules", "prisma", "build", "index.js"),
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/migrations",
        "--to-schema",
        "prisma/schema.prisma",
        "--exit-code",
      ],
      { MIGRATION_DATABASE_URL: stack.ownerDatabaseUrl },
    );
    if (drift !== 0) failures.push("schema drift (run `npm run db:migrate` to add a migration)");
  }
  const testEnv = (): Record<string, string> => ({
    ...(stack?.env ?? {}),
    // Test set-up (e2e/db.ts, test/reliability) connects as the owner: it plants triggers
    // and tampers with the audit log, which the app's role may not. The app never sees it.
    MIGRATION_DATABASE_URL: stack?.ownerDatabaseUrl ?? "",
    NODE_ENV: "test",
    KEYLESS_TEST_MOTO_URL: stack?.urls.moto ?? "",
    KEYLESS_TEST_APP_URL: stack?.urls.app ?? "",
    KEYLESS_TEST_FEDERATION_URL: stack?.urls.federation ?? "",
    KEYLESS_TEST_INBOX_URL: stack?.urls.inbox ?? "",
    KEYLESS_TEST_STANDINS_URL: stack?.urls.standins ?? "",
    LOG_LEVEL: "warn",
  });
  if (phases.includes("integration") && stack) {
    console.log("\n▶ Integration tests (Postgres, moto, IdP)");
    if (!(await vitest("integration", testEnv()))) failures.push("integration");
  }
  if (browser && stack) {
    await buildApp(stack.env);
    // e2e/cli.spec.ts runs the real CLI: compile it from the current sources.
    await run(
      process.execPath,
      [path.join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "cli/tsconfig.build.json"],
      {},
      "CLI build (npm run build:cli)",
    );
    await dropQueuedJobs(stack.ownerDatabaseUrl);
    // The app listens on a private port; the tests reach it through the recording proxy on
    // the app's public port (AUTH_URL), which keeps every response for the leak scan.
    const appPort = await freePort();
    const app = startProcess(
      "app",
      [nextBin, "start", "-p", String(appPort), "-H", "127.0.0.1"],
      { ...stack.env, LOG_LEVEL: "info" },
      { logFile: sandboxPath("logs", "test-app.log") },
    );
    processes.push(app);
    const worker = startProcess("worker", workerArgs, stack.env, {
      logFile: sandboxPath("logs", "test-worker.log"),
    });
    processes.push(worker);
    await waitForHealth(`http://127.0.0.1:${appPort}`, app);
    const proxy = await startRecordingProxy({ port: ports.app, targetPort: appPort, file: securityFiles.responses });
    processes.push({ child: app.child, exited: app.exited, stop: () => proxy.stop() });
    writeFileSync(securityFiles.processes, JSON.stringify({ app: app.child.pid, worker: worker.child.pid, appPort }));
    // The IdP's initial SCIM push, finished before any test runs (it would otherwise land
    // while the security suite compares database fingerprints).
    const synced = await stack.syncIdp();
    if (!synced.ok) throw new Error(`the sandbox IdP could not push its users to Keyless over SCIM: ${synced.detail}`);
    const browserEnv = (): Record<string, string> => ({
      ...testEnv(),
      KEYLESS_TEST_SECURITY_DIR: securityDir,
      KEYLESS_TEST_E2E_RAN: phases.includes("e2e") ? "1" : "0",
    });
    if (!existsSync("/usr/bin/chromium") && !process.env.KEYLESS_CHROMIUM_PATH) {
      console.error("Chromium is missing: apt-get install -y --no-install-recommends chromium (or set KEYLESS_CHROMIUM_PATH).");
      failures.push(...phases.filter((p) => p === "e2e" || p === "security"));
    } else {
      if (phases.includes("e2e")) {
        console.log("\n▶ End-to-end tests (Chromium)");
        if (!(await playwright("e2e", "e2e/playwright.config.ts", browserEnv()))) failures.push("e2e");
      }
      if (phases.includes("security")) {
        // After the e2e run, in the same sandbox: the leak scan sees every secret it issued.
        console.log("\n▶ Security suite (access matrix, CSRF, redirects, headers, forged tokens, fuzzing, leak scan)");
        if (!(await playwright("security", "e2e/security/playwright.config.ts", browserEnv()))) failures.push("security");
      }
    }
  }
  await cleanup();
  if (phases.includes("reliability")) {
    // Its own sandbox and fresh database: it stops Postgres, SIGKILLs workers and floods
    // the app, which must not disturb (or be disturbed by) what the other phases left.
    console.log("\n▶ Starting the reliability sandbox");
    // moto and the stand-ins keep no state: the restart test switches that on for itself
    // (POST /aws/restart?persist=1), as keeping it serialises moto's requests.
    stack = await startStack({ name: "reliability", ports, freshDatabase: true, log: (l) => console.log(`  ${l}`) });
    if (!stack.postgres) throw new Error("the reliability sandbox must run its own Postgres");
    control = await startControl(reliabilityPorts.control, stack.postgres, stack.restartAws);
    await buildApp(stack.env);
    console.log("\n▶ Reliability tests (AWS faults, Postgres restart, SIGKILL, load, audit fail-closed, several instances)");
    const env = {
      ...testEnv(),
      KEYLESS_TEST_CONTROL_URL: `http://127.0.0.1:${reliabilityPorts.control}`,
      KEYLESS_TEST_APP_PORT: String(ports.app),
      KEYLESS_TEST_SECOND_APP_PORT: String(reliabilityPorts.secondApp),
    };
    if (!(await vitest("reliability", env))) failures.push("reliability");
    await cleanup();
  }
  if (failures.length) {
    for (const [phase, failed] of failedTests) printFailures(phase, failed);
    console.error(`\n✖ Failed: ${failures.join(", ")}`);
    return 1;
  }
  console.log("\n✔ All tests passed");
  return 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await cleanup();
    process.exit(1);
  },
);
