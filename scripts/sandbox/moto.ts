// Sandbox AWS: moto's server wrapped by moto_server.py (back-dating, faults, call counts).
import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { assertPortFree, envPort, isMain, runStandalone, sandboxPath } from "./shared";

export interface MotoOptions {
  port?: number; // default KEYLESS_MOTO_PORT or 5000
  /** Account of the Keyless server's own identity; unknown credentials land here. */
  accountId?: string; // default MOTO_ACCOUNT_ID or 123456789012
  python?: string; // default KEYLESS_PYTHON or python3
  logFile?: string; // default .sandbox/logs/moto.log
  readyTimeoutMs?: number;
  /** Keep moto's state in this file across restarts (sandbox_persist.py), sealed with `key`. */
  state?: { file: string; key: Buffer };
  /** AWS managed policies in every account's IAM (default true); off saves ~1,300 objects per account at 1,000 accounts. */
  awsManagedPolicies?: boolean;
  /** IAM throttled per account from the start (sandbox_faults.py Throttle); also settable at /_sandbox/throttle. */
  iamThrottle?: { ratePerSecond: number; burst?: number };
}

export interface MotoHandle {
  url: string;
  port: number;
  accountId: string;
  /** moto started from its state file (false: it started empty). */
  restored: boolean;
  stop(): Promise<void>;
}

const owner = { service: "Sandbox AWS (moto)", envVar: "KEYLESS_MOTO_PORT" };
const script = fileURLToPath(new URL("./moto_server.py", import.meta.url));

function assertMotoInstalled(python: string): void {
  const probe = spawnSync(python, ["-c", "import moto, moto.moto_server.werkzeug_app"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  if (probe.status === 0) return;
  const why = probe.error ? `${python} not found` : (probe.stderr.trim().split("\n").pop() ?? "");
  throw new Error(
    `Sandbox AWS: moto is not available (${why}). Install it with \`pip install 'moto[server]'\` ` +
      `for ${python}, or set KEYLESS_AWS_ENDPOINT_URL to an existing moto server.`,
  );
}

function logTail(file: string): string {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-15).join("\n  ");
  } catch {
    return "(no log)";
  }
}

export async function startMoto(options: MotoOptions = {}): Promise<MotoHandle> {
  const port = options.port ?? envPort(owner.envVar, 5000);
  const accountId = options.accountId ?? process.env.MOTO_ACCOUNT_ID ?? "123456789012";
  const python = options.python ?? process.env.KEYLESS_PYTHON ?? "python3";
  const logFile = options.logFile ?? sandboxPath("logs", "moto.log");
  const url = `http://127.0.0.1:${port}`;

  assertMotoInstalled(python);
  await assertPortFree(port, owner);

  // moto's request log goes to a file: it is one line per AWS call and would drown the console.
  const log = openSync(logFile, "a");
  // AWS managed policies (arn:aws:iam::aws:policy/…) exist, as in a real account.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONUNBUFFERED: "1",
    PYTHONDONTWRITEBYTECODE: "1",
    MOTO_IAM_LOAD_MANAGED_POLICIES: options.awsManagedPolicies === false ? "false" : "true",
  };
  delete env.MOTO_ACCOUNT_ID; // would pin every call to one account; passed as --hub-account
  const stateArgs = options.state ? ["--state-file", options.state.file] : [];
  const throttle = options.iamThrottle;
  const throttleArgs = throttle ? ["--iam-throttle", `${throttle.ratePerSecond}${throttle.burst ? `:${throttle.burst}` : ""}`] : [];
  const child = spawn(python, [script, "--port", String(port), "--hub-account", accountId, ...stateArgs, ...throttleArgs], {
    env,
    stdio: ["pipe", log, log],
  });
  closeSync(log); // the child holds its own copy
  // The state's key goes on stdin: never in argv or the environment, which other users can read.
  child.stdin?.end(options.state ? `${options.state.key.toString("base64")}\n` : "");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    })());

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  let childGone = false;
  void exited.then(() => (childGone = true));
  while (!childGone) {
    try {
      const res = await fetch(`${url}/_sandbox/health`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return { url, port, accountId, restored: ((await res.json()) as { restored?: boolean }).restored === true, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Sandbox AWS (moto) did not answer on ${url} in time. Log ${logFile}:\n  ${logTail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`Sandbox AWS (moto) exited during start. Log ${logFile}:\n  ${logTail(logFile)}`);
}

if (isMain(import.meta.url)) {
  runStandalone(
    "moto",
    () => startMoto(),
    (h) => `${h.url} (hub account ${h.accountId}, log .sandbox/logs/moto.log)`,
  );
}
