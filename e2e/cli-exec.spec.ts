import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { cliHome, type CliResult } from "./cli-runner";
import { storageFor } from "./users";

// `keyless exec`, `serve` and `export`: the real CLI, signed in as alice through the browser,
// against the sandbox's signature-checking moto (expired or altered credentials are refused),
// with the AWS SDK for JavaScript and the real AWS CLI as the tools that use them.

const motoUrl = process.env.KEYLESS_TEST_MOTO_URL ?? "";
const role = "111111111111/SandboxDeveloper";
const aliceDeveloper = "arn:aws:sts::111111111111:assumed-role/SandboxDeveloper/alice@example.com";
const cli = cliHome("cli-exec-home");
const { home } = cli;
const credentialsFile = path.join(home, ".aws", "credentials");
const keyless = (args: string[], extra?: Record<string, string>) => cli.run(args, extra);

/** Until cleared, the sandbox's STS issues alice `seconds`-long sessions (scripts/sandbox/sandbox_sts.py). */
async function shortSessions(seconds: number | null): Promise<void> {
  const res = await fetch(new URL("/_sandbox/sts/session-seconds", motoUrl), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ roleSessionName: "alice@example.com", seconds }),
  });
  expect(res.status).toBe(200);
}

/** The real AWS CLI with `env` (and nothing of this process's AWS settings). */
function awsCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawn("aws", [...args, "--endpoint-url", motoUrl, "--region", "us-east-1", "--output", "json"], {
    env: { ...env, AWS_EC2_METADATA_DISABLED: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, ...out })));
}

/** A raw GET with chosen headers, to `address` (default loopback). */
function rawGet(port: number, headers: Record<string, string>, address = "127.0.0.1") {
  return new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    const req = request({ host: address, port, path: "/credentials", headers, setHost: false }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

/** A Node script in the CLI's home (it imports the repository's @aws-sdk packages). */
function script(name: string, source: string): string {
  const file = path.join(home, name);
  writeFileSync(file, source);
  return file;
}

test.use({ storageState: storageFor("alice") });
test.beforeAll(() => {
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
});

test.describe("keyless exec, serve and export", () => {
  test.describe.configure({ mode: "serial" });

  test("signs in", async ({ page }) => {
    const result = await cli.login(page);
    expect(result.code, result.stderr).toBe(0);
  });

  test("exec: an AWS SDK script outlives its credentials and never sees an expired one", async () => {
    test.setTimeout(150_000);
    // Each call: GetCallerIdentity through the SDK's default chain (the container provider, as
    // exec sets it up), then the credentials it used. The sandbox refuses expired ones.
    const file = script(
      "outlive.mjs",
      `import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
const sts = new STSClient({ endpoint: process.env.MOTO_URL, region: "us-east-1", maxAttempts: 1 });
console.log(JSON.stringify({ env: { keys: process.env.AWS_ACCESS_KEY_ID ?? null, profile: process.env.AWS_PROFILE ?? null, exec: process.env.KEYLESS_EXEC } }));
const until = Date.now() + Number(process.env.RUN_MS);
while (Date.now() < until) {
  const at = Date.now();
  const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
  const c = await sts.config.credentials();
  console.log(JSON.stringify({ at, arn: Arn, key: c.accessKeyId, expiration: c.expiration.getTime() }));
  await new Promise((r) => setTimeout(r, 3000));
}
`,
    );
    await shortSessions(30);
    let result: CliResult;
    try {
      result = await keyless(["exec", "--role", role, "--duration", "15m", "--", process.execPath, file], {
        MOTO_URL: motoUrl,
        RUN_MS: "75000",
        AWS_ACCESS_KEY_ID: "AKIALONGLIVEDKEY0000",
        AWS_SECRET_ACCESS_KEY: "not-a-secret",
        AWS_PROFILE: "leftover",
      });
    } finally {
      await shortSessions(null);
    }
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ env: { keys: null, profile: null, exec: role } });
    const calls = lines.slice(1) as { at: number; arn: string; key: string; expiration: number }[];
    expect(calls.length).toBeGreaterThanOrEqual(15);
    for (const call of calls) {
      expect(call.arn).toBe(aliceDeveloper);
      expect(call.expiration).toBeGreaterThan(call.at);
      // 30-second sessions: what the SDK got was short-lived, not a long one from somewhere else.
      expect(call.expiration - call.at).toBeLessThanOrEqual(31_000);
    }
    // The 75 s run needed several 30 s sessions: the endpoint replaced them before they expired.
    expect(new Set(calls.map((c) => c.key)).size).toBeGreaterThanOrEqual(3);
  });

  test("exec: the exit code and signals pass through, and exec does not nest", async () => {
    const run = (code: string) => keyless(["exec", "--role", role, "--", process.execPath, "-e", code]);
    expect((await run("process.exit(7)")).code).toBe(7);
    // Killed by a signal: 128 + its number, as a shell reports it.
    expect((await run("process.kill(process.pid, 'SIGKILL')")).code).toBe(137);

    const trap = cli.start([
      "exec",
      "--role",
      role,
      "--",
      process.execPath,
      "-e",
      "process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);",
    ]);
    await expect.poll(() => trap.out.stdout).toContain("ready");
    trap.child.kill("SIGTERM");
    const trapped = await trap.done;
    expect(trapped.stdout).toContain("child got SIGTERM");
    expect(trapped.code).toBe(42);

    const plain = cli.start(["exec", "--role", role, "--", process.execPath, "-e", "console.log('ready'); setInterval(() => {}, 1000);"]);
    await expect.poll(() => plain.out.stdout).toContain("ready");
    plain.child.kill("SIGINT");
    expect((await plain.done).code).toBe(130);

    const nested = await keyless([
      "exec",
      "--role",
      role,
      "--",
      process.execPath,
      path.resolve(import.meta.dirname, "..", "cli", "bin", "keyless.mjs"),
      "exec",
      "--role",
      role,
      "--",
      "true",
    ]);
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain(`This command already runs inside \`keyless exec\` (role ${role}); exec does not nest.`);

    const missing = await keyless(["exec", "--role", role, "--", "no-such-command-keyless"]);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain("cannot run no-such-command-keyless: command not found");
  });

  test("exec: the SDK's container provider is refused without the token or with a wrong one", async () => {
    const file = script(
      "tokens.mjs",
      `import { fromHttp } from "@aws-sdk/credential-provider-http";
const url = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
const token = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
const attempt = async (options) => {
  try { const c = await fromHttp({ awsContainerCredentialsFullUri: url, maxRetries: 0, ...options })(); return c.accessKeyId.slice(0, 4); }
  catch (e) { return "refused: " + e.message; }
};
delete process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
console.log(JSON.stringify({
  none: await attempt({}),
  wrong: await attempt({ awsContainerAuthorizationToken: token.slice(0, -1) + (token.endsWith("A") ? "B" : "A") }),
  right: await attempt({ awsContainerAuthorizationToken: token }),
}));
`,
    );
    const result = await keyless(["exec", "--role", role, "--", process.execPath, file]);
    expect(result.code, result.stderr).toBe(0);
    const answers = JSON.parse(result.stdout) as Record<string, string>;
    expect(answers.right).toBe("ASIA");
    expect(answers.none).toMatch(/^refused: .*401/);
    expect(answers.wrong).toMatch(/^refused: .*403/);
    expect(result.stdout + result.stderr).not.toMatch(/"SecretAccessKey"|aws_secret/);
    // exec reports the refusals on stderr (never the token or credentials).
    expect(result.stderr).toMatch(/GET \/credentials from 127\.0\.0\.1: 401/);
    expect(result.stderr).toMatch(/GET \/credentials from 127\.0\.0\.1: 403/);
  });

  test("the real AWS CLI works under exec and with serve's variables, over long-lived keys in [default]", async () => {
    mkdirSync(path.dirname(credentialsFile), { recursive: true });
    writeFileSync(credentialsFile, "[default]\naws_access_key_id = AKIALONGLIVEDKEY0000\naws_secret_access_key = not-a-secret\n");
    const under = await keyless([
      "exec",
      "--role",
      role,
      "--",
      "aws",
      "sts",
      "get-caller-identity",
      "--endpoint-url",
      motoUrl,
      "--region",
      "us-east-1",
    ]);
    expect(under.code, under.stderr).toBe(0);
    expect((JSON.parse(under.stdout) as { Arn: string }).Arn).toBe(aliceDeveloper);
    expect(under.stderr).toContain("[default] in");

    const server = cli.start(["serve", "--role", role]);
    try {
      await expect.poll(() => server.out.stdout, { timeout: 15_000 }).toMatch(/AWS_CONTAINER_AUTHORIZATION_TOKEN=\S+\n/);
      const vars = Object.fromEntries(
        server.out.stdout
          .trim()
          .split("\n")
          .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
      );
      expect(Object.keys(vars)).toEqual(["AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN"]);
      const url = new URL(vars.AWS_CONTAINER_CREDENTIALS_FULL_URI!);
      expect(url.hostname).toBe("127.0.0.1");
      const env = cli.env({ ...vars, AWS_SHARED_CREDENTIALS_FILE: path.join(home, "none") });
      for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) delete env[name];
      const viaServe = await awsCli(["sts", "get-caller-identity"], env);
      expect(viaServe.code, viaServe.stderr).toBe(0);
      expect((JSON.parse(viaServe.stdout) as { Arn: string }).Arn).toBe(aliceDeveloper);
      // Without the token the AWS CLI gets nothing.
      const noToken = await awsCli(["sts", "get-caller-identity"], { ...env, AWS_CONTAINER_AUTHORIZATION_TOKEN: "wrong" });
      expect(noToken.code).not.toBe(0);
      expect(noToken.stdout).not.toContain("assumed-role");
      await expect.poll(() => server.out.stderr).toMatch(/GET \/credentials from 127\.0\.0\.1: 200/);
      expect(server.out.stderr).toMatch(/GET \/credentials from 127\.0\.0\.1: 403/);
      expect(server.out.stderr).not.toContain(vars.AWS_CONTAINER_AUTHORIZATION_TOKEN!);
    } finally {
      server.child.kill("SIGTERM");
    }
    expect((await server.done).code).toBe(0);
  });

  test("export --watch refreshes the block, keeps the rest of the file, and removes the block on SIGTERM", async () => {
    test.setTimeout(120_000);
    const mine =
      "# mine, by hand\n[default]\nregion = eu-west-1\n\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other-secret ; kept\n";
    writeFileSync(credentialsFile, mine);
    chmodSync(credentialsFile, 0o644);

    const refused = await keyless(["export", "--role", role, "--profile", "other"]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("[other] in");
    expect(refused.stderr).toContain("was not written by Keyless");
    expect(readFileSync(credentialsFile, "utf8")).toBe(mine);

    // Hour-long credentials cached by the tests above would last the whole test: start without them.
    rmSync(path.join(cli.configDir, "cache"), { recursive: true, force: true });
    await shortSessions(30);
    const watch = cli.start(["export", "--role", role, "--profile", "legacy", "--watch"]);
    try {
      const block = () =>
        /\n\[legacy\]\n# keyless: [^\n]*; expires (\S+)\naws_access_key_id = (\S+)\n/.exec(readFileSync(credentialsFile, "utf8"));
      await expect.poll(() => block()?.[2] ?? null, { timeout: 15_000 }).toMatch(/^ASIA/);
      const firstKey = block()![2];
      expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
      const text = readFileSync(credentialsFile, "utf8");
      expect(text.startsWith(mine)).toBe(true);

      // A tool that reads only the credentials file uses the profile.
      const env = cli.env({ AWS_SHARED_CREDENTIALS_FILE: credentialsFile });
      for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) delete env[name];
      const first = await awsCli(["sts", "get-caller-identity", "--profile", "legacy"], env);
      expect(first.code, first.stderr).toBe(0);
      expect((JSON.parse(first.stdout) as { Arn: string }).Arn).toBe(aliceDeveloper);

      // Refreshed before the 30 s session ends; the new keys work.
      await expect.poll(() => block()?.[2], { timeout: 40_000, message: watch.out.stderr }).not.toBe(firstKey);
      expect(new Date(block()![1]!).getTime()).toBeGreaterThan(Date.now());
      expect(readFileSync(credentialsFile, "utf8").startsWith(mine)).toBe(true);
      const second = await awsCli(["sts", "get-caller-identity", "--profile", "legacy"], env);
      expect(second.code, second.stderr).toBe(0);
      expect(watch.out.stderr).toContain("refreshed [legacy]");
    } finally {
      await shortSessions(null);
      watch.child.kill("SIGTERM");
    }
    const stopped = await watch.done;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain(`Removed [legacy] from ${credentialsFile}.`);
    expect(readFileSync(credentialsFile, "utf8")).toBe(mine);
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);

    // Without --watch the block stays, and says when it stops working.
    const once = await keyless(["export", "--role", role, "--profile", "legacy"]);
    expect(once.code, once.stderr).toBe(0);
    expect(once.stderr).toContain("stops working then");
    expect(readFileSync(credentialsFile, "utf8")).toMatch(
      /\[legacy\]\n# keyless: written by `keyless export` for 111111111111\/SandboxDeveloper; expires \d{4}-/,
    );
  });

  test.describe("abuse of the local endpoint", () => {
    test("no token, a wrong token, a rebound Host, a browser's Origin, and a non-loopback address are refused", async () => {
      const server = cli.start(["serve", "--role", role]);
      try {
        await expect.poll(() => server.out.stdout, { timeout: 15_000 }).toMatch(/AWS_CONTAINER_AUTHORIZATION_TOKEN=\S+\n/);
        const url = new URL(/AWS_CONTAINER_CREDENTIALS_FULL_URI=(\S+)/.exec(server.out.stdout)![1]!);
        const token = /AWS_CONTAINER_AUTHORIZATION_TOKEN=(\S+)/.exec(server.out.stdout)![1]!;
        const port = Number(url.port);
        const host = `127.0.0.1:${port}`;
        const ok = await rawGet(port, { host, authorization: token });
        expect(ok).toMatchObject({ status: 200 });
        const cases = {
          "no token": await rawGet(port, { host }),
          "wrong token": await rawGet(port, { host, authorization: "x".repeat(43) }),
          "Bearer-wrapped token": await rawGet(port, { host, authorization: `Bearer ${token}` }),
          "DNS-rebound Host": await rawGet(port, { host: `attacker.example:${port}`, authorization: token }),
          "browser Origin": await rawGet(port, { host, authorization: token, origin: "http://attacker.example" }),
        };
        expect(Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, "status" in v ? v.status : v.error]))).toEqual({
          "no token": 401,
          "wrong token": 403,
          "Bearer-wrapped token": 403,
          "DNS-rebound Host": 403,
          "browser Origin": 403,
        });
        for (const answer of Object.values(cases)) expect("body" in answer ? answer.body : "").not.toContain("SecretAccessKey");
        // Not listening beyond loopback: this machine's own network address gets no answer.
        const external = Object.values(networkInterfaces())
          .flat()
          .find((i) => i?.family === "IPv4" && !i.internal)?.address;
        if (external)
          expect(await rawGet(port, { host: `${external}:${port}`, authorization: token }, external)).toEqual({ error: "ECONNREFUSED" });
      } finally {
        server.child.kill("SIGTERM");
      }
      expect((await server.done).code).toBe(0);
    });
  });
});
