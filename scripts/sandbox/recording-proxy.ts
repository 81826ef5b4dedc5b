// A transparent HTTP proxy in front of the app during the browser tests: everything the
// tests talk to the app through (Chromium, Playwright's request contexts, the CLI, plain
// fetch) passes through it, and every response (status, headers, decoded body) is appended
// to a JSON-lines file. The security suite's leak scan (e2e/security/leaks.spec.ts) searches
// those responses for secrets that must never be sent, so a new e2e spec is covered
// without doing anything. Static build output (/_next/static) is passed through unrecorded:
// it is fixed at build time and cannot hold a secret the run issued.
import { createWriteStream } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import zlib from "node:zlib";
import { listenLocal } from "./shared";

export type RecordedResponse = {
  at: string;
  method: string;
  /** Path and query, as the client asked. */
  url: string;
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
};

const SKIP = /^\/_next\/static\//;
const BINARY = /^(image|font|audio|video)\//;

function decode(buffer: Buffer, encoding: string | undefined): Buffer {
  try {
    if (encoding === "gzip" || encoding === "x-gzip") return zlib.gunzipSync(buffer);
    if (encoding === "br") return zlib.brotliDecompressSync(buffer);
    if (encoding === "deflate") return zlib.inflateSync(buffer);
  } catch {
    // A body cut short (client went away): keep what arrived, undecoded.
  }
  return buffer;
}

export async function startRecordingProxy(options: {
  port: number;
  targetPort: number;
  file: string;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const out = createWriteStream(options.file, { flags: "w", mode: 0o600 });
  // A new connection per request: a kept-alive one the app closed while idle fails the next
  // request with a reset (Node's documented race), which the tests would see as a 502.
  const agent = new http.Agent({ keepAlive: false, maxSockets: 64 });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = http.request(
      { host: "127.0.0.1", port: options.targetPort, method: req.method, path: req.url, headers: req.headers, agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.statusMessage, up.rawHeaders);
        const record = !SKIP.test(req.url ?? "") && !BINARY.test(String(up.headers["content-type"] ?? ""));
        const chunks: Buffer[] = [];
        up.on("data", (chunk: Buffer) => {
          if (record) chunks.push(chunk);
          res.write(chunk);
        });
        up.on("end", () => {
          res.end();
          if (!record) return;
          const entry: RecordedResponse = {
            at: new Date().toISOString(),
            method: req.method ?? "GET",
            url: req.url ?? "/",
            status: up.statusCode ?? 0,
            headers: up.headers as Record<string, string | string[]>,
            body: decode(Buffer.concat(chunks), up.headers["content-encoding"]).toString("utf8"),
          };
          out.write(`${JSON.stringify(entry)}\n`);
        });
        up.on("error", () => res.destroy());
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("recording proxy: the app did not answer");
    });
    // Headers go to the app at once, not with the first body chunk: a request whose body is
    // slow, or never comes (a declared Content-Length the app refuses unread), still reaches it.
    upstream.flushHeaders();
    req.pipe(upstream);
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
  };

  const listener = await listenLocal(() => http.createServer(handle), options.port, {
    service: "Test recording proxy",
    envVar: "KEYLESS_TEST_APP_PORT",
  });
  return {
    url: `http://localhost:${options.port}`,
    async stop() {
      await listener.close();
      agent.destroy();
      await new Promise<void>((resolve) => out.end(resolve));
    },
  };
}
