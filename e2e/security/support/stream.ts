import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { appUrl, processes } from "./env";

// A sender that never stops: a chunked body (no Content-Length) written to the app's own
// port, chunk after chunk, whatever the app answers. It records how much had been sent when
// the answer came, and keeps sending until `total` or until the app closes the connection,
// so a server that buffered bodies whole would be seen holding all of it. At full speed the
// sockets' buffers (several MiB on loopback) fill before the app reads a byte; `pauseMs`
// between chunks keeps them empty, so "sent when answered" is close to what the app read.

export type Streamed = {
  status: number;
  contentType: string;
  text: string;
  /** Bytes written when the answer's headers arrived. */
  sentWhenAnswered: number;
  /** Bytes written in all (the app may have closed the connection before `total`). */
  sent: number;
  /**
   * Set when the connection failed before an answer was read (status 0): at full speed the
   * sender's next write can fail (EPIPE, ECONNRESET) before it reads the answer the app sent
   * just before hanging up.
   */
  error?: string;
};

export function streamChunked(
  path: string,
  headers: Record<string, string>,
  total: number,
  options: { chunkBytes?: number; pauseMs?: number; agent?: http.Agent | false } = {},
): Promise<Streamed> {
  const { chunkBytes = 16 * 1024, pauseMs = 0, agent = false } = options;
  const chunk = Buffer.alloc(chunkBytes, "a");
  return new Promise((resolve) => {
    let sent = 0;
    let answered: Omit<Streamed, "sent"> | null = null;
    let pumping = true;
    const finish = () => {
      if (answered && !pumping) resolve({ ...answered, sent });
    };
    // A connection of its own (agent: false), closed after the answer, as a one-off sender's.
    const req = http.request({
      host: "127.0.0.1",
      port: processes().appPort,
      method: "POST",
      path,
      agent,
      headers: { ...headers, host: new URL(appUrl).host, "transfer-encoding": "chunked" },
    });
    req.on("response", (res) => {
      const at = sent;
      const body: Buffer[] = [];
      res.on("data", (c: Buffer) => body.push(c));
      res.on("end", () => {
        answered = {
          status: res.statusCode ?? 0,
          contentType: String(res.headers["content-type"] ?? ""),
          text: Buffer.concat(body).toString("utf8"),
          sentWhenAnswered: at,
        };
        finish();
      });
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      pumping = false; // the app reset the connection: the sender stops
      answered ??= { status: 0, contentType: "", text: "", sentWhenAnswered: sent };
      resolve({ ...answered, sent, ...(answered.status === 0 ? { error: error.code ?? error.message } : {}) });
    });
    req.on("close", () => {
      pumping = false; // the app closed the connection after answering
      finish();
    });
    const next = () => (pauseMs > 0 ? void setTimeout(pump, pauseMs) : pump());
    const pump = () => {
      while (pumping && sent < total) {
        sent += chunk.length;
        // A chunk as large as the stream's high-water mark always answers false: wait for
        // "drain" (the kernel took it), then pause as asked.
        if (!req.write(chunk)) return void req.once("drain", next);
        if (pauseMs > 0) return void setTimeout(pump, pauseMs);
      }
      if (pumping) {
        pumping = false;
        req.end();
        finish();
      }
    };
    pump();
  });
}

/** Resident memory of the app's process and its children, in bytes (Linux /proc). */
export function appRss(): number {
  const rssOf = (pid: number): number => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const children = readdirSync(`/proc/${pid}/task`).flatMap((t) =>
        readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
      );
      return kb * 1024 + children.reduce((sum, child) => sum + rssOf(child), 0);
    } catch {
      return 0;
    }
  };
  return rssOf(processes().app);
}

/** Runs `work` while sampling the app's memory every 25 ms: the highest value seen, and the one before. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  const before = appRss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, appRss());
  }, 25);
  try {
    const result = await work();
    peak = Math.max(peak, appRss());
    return { result, before, peak };
  } finally {
    clearInterval(timer);
  }
}
