// `npm run demo`: the whole product on its embedded sandbox, with one command.
// Ctrl-C stops every process it started; a second run continues from the data in .sandbox/
// (Postgres, the IdP, and the AWS and stand-in state, sealed: ADR 023).
import { buildIsStale, nextBin, startProcess, waitForHealth, workerArgs, type ManagedProcess } from "./sandbox/app-process";
import { assertPortFree, envPort, sandboxPath } from "./sandbox/shared";
import { run, startStack, type Stack } from "./sandbox/stack";

const dev = process.argv.includes("--dev");
const ports = {
  app: envPort("KEYLESS_APP_PORT", 3000),
  idp: envPort("KEYLESS_IDP_PORT", 4000),
  moto: envPort("KEYLESS_MOTO_PORT", 5000),
  postgres: envPort("KEYLESS_POSTGRES_PORT", 5433),
  federation: envPort("KEYLESS_FEDERATION_PORT", 4100),
  smtp: envPort("KEYLESS_SMTP_PORT", 2525),
  mailUi: envPort("KEYLESS_MAIL_UI_PORT", 8025),
  standins: envPort("KEYLESS_STANDINS_PORT", 4200),
};

const say = (line: string) => console.log(`  ${line}`);
let stack: Stack | undefined;
const processes: ManagedProcess[] = [];
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping Keyless sandbox…");
  for (const p of processes.reverse()) await p.stop();
  await stack?.stop();
  console.log("Stopped.");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

function relay(prefix: string) {
  // The app logs JSON lines to .sandbox/logs; only warnings and errors reach the console.
  return (line: string) => {
    if (!line.trim()) return;
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string; err?: { message?: string } };
      if (entry.level === "warn" || entry.level === "error" || entry.level === "fatal") {
        console.log(`  [${prefix}] ${entry.level}: ${entry.msg ?? ""}${entry.err?.message ? ` (${entry.err.message})` : ""}`);
      }
    } catch {
      if (/error|warn/i.test(line)) console.log(`  [${prefix}] ${line}`);
    }
  };
}

async function main() {
  console.log("Starting the Keyless sandbox…\n");
  await assertPortFree(ports.app, { service: "Keyless app", envVar: "KEYLESS_APP_PORT" });

  // A database of your own: MIGRATION_DATABASE_URL (owner) with DATABASE_URL (app role), or
  // one owner URL alone, for which the sandbox sets up the app role's login itself.
  const owner = process.env.MIGRATION_DATABASE_URL;
  stack = await startStack({
    name: "demo",
    ports,
    databaseUrl: owner ?? process.env.DATABASE_URL,
    appDatabaseUrl: owner ? process.env.DATABASE_URL : undefined,
    // AWS and the stand-ins keep their state too: a rotation stopped mid-way continues (ADR 023).
    persist: true,
    log: say,
  });

  if (!dev && buildIsStale()) {
    say("Building the app (first run or changed sources; about a minute)…");
    await run(process.execPath, [nextBin, "build"], { ...stack.env, NODE_ENV: "production" }, "next build");
  }
  const app = startProcess(
    "app",
    [nextBin, dev ? "dev" : "start", "-p", String(ports.app)],
    { ...stack.env, ...(dev ? { NODE_ENV: "development" } : {}) },
    {
      logFile: sandboxPath("logs", "demo-app.log"),
      onLine: relay("app"),
    },
  );
  processes.push(app);
  void app.exited.then((code) => {
    if (!stopping) {
      console.error(`\nThe app exited (code ${code}); see .sandbox/logs/demo-app.log`);
      void shutdown(1);
    }
  });
  await waitForHealth(stack.urls.app, app, dev ? 180_000 : 60_000);
  // The IdP provisions its users and groups over SCIM, as Okta would (it also retries by itself).
  const synced = await stack.syncIdp();
  say(
    synced.ok
      ? "IdP pushed its users and groups to Keyless over SCIM"
      : `IdP could not push to Keyless yet: ${synced.detail.split("\n")[0]}`,
  );
  // Background jobs (inventory sync on its schedule, and a first sync on start).
  const worker = startProcess("worker", workerArgs, stack.env, {
    logFile: sandboxPath("logs", "demo-worker.log"),
    onLine: relay("worker"),
  });
  processes.push(worker);
  void worker.exited.then((code) => {
    if (!stopping) {
      console.error(`\nThe worker exited (code ${code}); see .sandbox/logs/demo-worker.log`);
      void shutdown(1);
    }
  });

  console.log(`
Keyless is running:  ${stack.urls.app}

  Sign in as one of the demo users (password "demo"):
    alice@example.com   engineer
    mona@example.com    engineer + manager
    adam@example.com    admin

  Change users and groups at the IdP (pushed to Keyless over SCIM): ${stack.urls.idp}/admin
  Email notifications land in the sandbox inbox: ${stack.urls.inbox}
  Slack messages, with Approve/Deny buttons:     ${stack.urls.standins}/slack
  Logs: .sandbox/logs/   Data: .sandbox/ (kept between runs)
  Press Ctrl-C to stop everything.
`);
}

main().catch(async (error: unknown) => {
  console.error(`\nThe sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
