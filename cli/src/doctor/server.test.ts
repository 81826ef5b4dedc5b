import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runChecks } from "../commands/doctor.js";
import type { Session } from "../store.js";
import { VERSION } from "../version.js";
import { clockCheck, probeServer } from "./server.js";
import { sessionChecks } from "./session.js";

// The server, clock and session checks against a local HTTP server, and the whole doctor
// in a temporary HOME.

let server: Server | null = null;
afterEach(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const health = (body: object, date = new Date()) =>
  serve((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", date: date.toUTCString() });
    res.end(JSON.stringify(body));
  });

describe("server and clock", () => {
  it("reports the server's version, and a clock in step", async () => {
    const url = await health({ status: "ok", database: "ok", latencyMs: 1, version: "9.9.9" });
    const probe = await probeServer(url);
    expect(probe.reachable).toBe(true);
    expect(probe.checks[0]).toEqual({ area: "Server", status: "ok", message: `Keyless 9.9.9 at ${url} (this CLI ${VERSION}).` });
    expect(probe.checks[1]).toMatchObject({ area: "Clock", status: "ok" });
  });

  it("fails for a clock 10 minutes off the server's, warns at 2", async () => {
    const url = await health({ status: "ok" }, new Date(Date.now() + 600_000));
    expect((await probeServer(url)).checks[1]).toMatchObject({
      status: "fail",
      message: expect.stringMatching(/clock is (59\d|60\d) s behind the server: AWS refuses/) as unknown,
      fix: expect.stringContaining("timedatectl set-ntp true") as unknown,
    });
    expect(clockCheck(new Date(Date.now() - 120_000).toUTCString(), Date.now(), Date.now())).toMatchObject({
      status: "warn",
      message: expect.stringMatching(/clock is 1[12]\d s ahead of the server\.$/) as unknown,
    });
    expect(clockCheck(null, 0, 0).status).toBe("warn");
  });

  it("warns when the server is degraded, fails when it is unreachable or not Keyless", async () => {
    const url = await health({ status: "degraded", database: "down" });
    expect((await probeServer(url)).checks[0]).toMatchObject({ status: "warn", message: expect.stringContaining("“degraded”") as unknown });
    await new Promise((resolve) => server?.close(resolve));
    const down = await probeServer(url);
    expect(down).toMatchObject({
      reachable: false,
      checks: [{ status: "fail", message: `Cannot reach Keyless at ${url} (ECONNREFUSED).` }],
    });
    server = null;
    const html = await serve((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>proxy</html>"));
    expect((await probeServer(html)).checks[0]).toMatchObject({
      status: "fail",
      message: `${html} does not answer like a Keyless server (200).`,
    });
    expect((await probeServer(null)).checks[0]).toMatchObject({
      status: "fail",
      fix: "keyless login --server https://keyless.example.com",
    });
  });
});

describe("session", () => {
  const session = (endsInMs: number): Session => ({
    server: "https://keyless.example.com",
    sessionId: "s",
    accessToken: "a",
    accessTokenExpiresAt: new Date(Date.now() + 60_000).toISOString(),
    refreshToken: "r",
    sessionExpiresAt: new Date(Date.now() + endsInMs).toISOString(),
    user: { email: "alice@example.com", name: null },
  });

  it("fails when not signed in or the session ended, with the login command", async () => {
    expect((await sessionChecks(null, "https://k.example", true)).checks).toEqual([
      { area: "Session", status: "fail", message: "You are not signed in to Keyless.", fix: "keyless login --server https://k.example" },
    ]);
    const ended = await sessionChecks(session(-1000), null, true);
    expect(ended.checks[0]).toMatchObject({ status: "fail", message: expect.stringMatching(/^Your CLI session ended at/) as unknown });
  });

  it("only warns when the server cannot confirm a local session", async () => {
    const { checks, roles } = await sessionChecks(session(86_400_000 * 3), null, false);
    expect(checks[0]).toMatchObject({
      status: "warn",
      message: expect.stringContaining("Signed in as alice@example.com until") as unknown,
    });
    expect(roles).toBeNull();
  });
});

describe("keyless doctor in a temporary HOME", () => {
  it("reads ~/.aws/config and ~/.aws/credentials there, and the environment", async () => {
    const home = mkdtempSync(path.join(tmpdir(), "keyless-doctor-home-"));
    try {
      mkdirSync(path.join(home, ".aws"));
      writeFileSync(
        path.join(home, ".aws", "credentials"),
        "[legacy]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n",
      );
      vi.stubEnv("HOME", home);
      vi.stubEnv("KEYLESS_CONFIG_DIR", path.join(home, "keyless"));
      vi.stubEnv("AWS_CONFIG_FILE", "");
      vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "");
      vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAI44QH8DHBEXAMPLE");
      const checks = await runChecks();
      expect(checks.map((c) => `${c.status} ${c.area}: ${c.message}`)).toEqual([
        "fail Server: No Keyless server configured.",
        "fail Session: You are not signed in to Keyless.",
        `warn AWS profiles: No Keyless profile in ${home}/.aws/config: AWS tools cannot get credentials from Keyless by themselves.`,
        `fail Access keys: Profile [legacy] in ${home}/.aws/credentials holds a long-lived access key (AKIA…MPLE).`,
        "fail Environment: AWS_ACCESS_KEY_ID in this environment is a long-lived key (AKIA…MPLE).",
      ]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
