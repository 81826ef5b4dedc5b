import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { envPort, listenLocal } from "../../../scripts/sandbox/shared";
import { projectRoot, sandboxDir } from "./env";

// A second instance of the built app, behind a small TLS terminator (node:https with a
// certificate made for the run by openssl), with AUTH_URL=https://localhost:<port>: the
// deployment shape where cookies must be __Host- and Secure. It shares the sandbox's
// database; its OIDC issuer is whatever the test passes (the attacker IdP).

export type TlsApp = { url: string; stop(): Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), "keyless-tls-"));
  try {
    const r = spawnSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost",
      ],
      { cwd: dir, encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
    return { key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `forwardFor`: the terminator appends the client's address to X-Forwarded-For, as a load
 * balancer does (nginx's $proxy_add_x_forwarded_for), for an app run with KEYLESS_TRUST_PROXY.
 */
export async function startTlsApp(env: Record<string, string>, options: { forwardFor?: boolean } = {}): Promise<TlsApp> {
  // Free ports unless chosen (KEYLESS_TEST_TLS_PORT, KEYLESS_TEST_TLS_APP_PORT), like the sandbox's.
  const appPort = envPort("KEYLESS_TEST_TLS_APP_PORT", 0) || (await freePort());
  const tlsPort = envPort("KEYLESS_TEST_TLS_PORT", 0) || (await freePort());
  const url = `https://localhost:${tlsPort}`;
  const log = createWriteStream(path.join(sandboxDir, "logs", "test-app-tls.log"), { flags: "a" });
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(projectRoot, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(appPort), "-H", "127.0.0.1"],
    {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "info", AUTH_URL: url, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const { key, cert } = selfSignedCertificate();
  const forwarded = (req: http.IncomingMessage): Record<string, string> => {
    if (!options.forwardFor) return {};
    const prior = req.headers["x-forwarded-for"];
    const peer = req.socket.remoteAddress ?? "";
    return { "x-forwarded-for": prior ? `${String(prior)}, ${peer}` : peer };
  };
  const terminate = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: appPort,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, ...forwarded(req), "x-forwarded-proto": "https" },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.rawHeaders);
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  };
  // "localhost" may resolve to ::1 or 127.0.0.1: listen on both, as the sandbox services do.
  const terminator = await listenLocal(() => https.createServer({ key, cert }, terminate), tlsPort, {
    service: "TLS terminator",
    envVar: "KEYLESS_TEST_TLS_PORT",
  });
  const stop = async () => {
    await terminator.close();
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    log.end();
  };
  // Ready when /api/health answers through TLS.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const r = https.get(`${url}/api/health`, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      r.on("error", () => resolve(false));
    });
    if (ok) return { url, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the TLS app did not start (see .sandbox/logs/test-app-tls.log)`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
