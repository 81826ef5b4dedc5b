import { readFileSync } from "node:fs";
import http from "node:http";
import { storageFor, type DemoUser } from "../../users";
import { appOrigin, appUrl } from "./env";

// Raw HTTP to the app (through the recording proxy): exact paths (no client-side URL
// normalisation), any header or body, no cookie jar, no redirects followed. Connection
// errors surface as status 0 with the error, so a crash is never mistaken for a refusal.

export type Answer = {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Set when the connection failed (reset, refused, timeout). */
  error?: string;
};

export type Outgoing = {
  method: string;
  /** Path and query, sent exactly as given. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
};

const target = new URL(appUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export async function send(req: Outgoing): Promise<Answer> {
  const answer = await sendOnce(req);
  // A kept-alive socket the server closed while idle fails before the request reached the
  // app (Node's documented race): send it again on a new socket. Nothing else is retried.
  return answer.staleSocket ? sendOnce(req) : answer;
}

function sendOnce(req: Outgoing): Promise<Answer & { staleSocket?: boolean }> {
  return new Promise((resolve) => {
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
    const headers: Record<string, string> = { ...req.headers };
    if (body && !Object.keys(headers).some((h) => h.toLowerCase() === "content-length")) headers["content-length"] = String(body.length);
    const r = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.path, headers, agent, timeout: req.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (e) => resolve({ status: 0, headers: {}, text: "", error: e.message }));
      },
    );
    r.on("timeout", () => r.destroy(new Error("timeout")));
    r.on("error", (e: NodeJS.ErrnoException) =>
      resolve({ status: 0, headers: {}, text: "", error: e.message, staleSocket: r.reusedSocket && e.code === "ECONNRESET" }),
    );
    r.end(body);
  });
}

/** send(), but a request Node itself refuses to put on the wire (a header it finds invalid) answers status -1. */
export async function trySend(req: Outgoing): Promise<Answer> {
  try {
    return await send(req);
  } catch (e) {
    return { status: -1, headers: {}, text: "", error: e instanceof Error ? e.message : String(e) };
  }
}

export function json<T = unknown>(answer: Answer): T {
  return JSON.parse(answer.text) as T;
}

/** Who is calling: nobody, a browser session (cookie) or a CLI token (bearer). */
export type Auth = { cookie?: string; bearer?: string };

/** The session cookie value of a demo user's signed-in browser (e2e/global-setup.ts). */
export function sessionOf(user: DemoUser): string {
  const state = JSON.parse(readFileSync(storageFor(user), "utf8")) as { cookies: { name: string; value: string }[] };
  const cookie = state.cookies.find((c) => c.name.endsWith("keyless.session"));
  if (!cookie) throw new Error(`no session cookie for ${user}: did global-setup run?`);
  return cookie.value;
}

export function authHeaders(auth: Auth): Record<string, string> {
  const h: Record<string, string> = {};
  if (auth.cookie) h.cookie = `keyless.session=${auth.cookie}`;
  if (auth.bearer) h.authorization = `Bearer ${auth.bearer}`;
  return h;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * An API call as the app's own pages make it: JSON body, and for a state change with a
 * cookie the page's Origin (what a browser sends; lib/api/route.ts refuses others).
 */
export function api(auth: Auth, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send({
    method,
    path,
    headers: {
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(UNSAFE.has(method) && auth.cookie ? { origin: appOrigin } : {}),
      ...authHeaders(auth),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export function isProblem(answer: Answer): boolean {
  if (!String(answer.headers["content-type"] ?? "").startsWith("application/problem+json")) return false;
  try {
    const p = JSON.parse(answer.text) as { status?: unknown; title?: unknown; detail?: unknown };
    return p.status === answer.status && typeof p.title === "string" && typeof p.detail === "string";
  } catch {
    return false;
  }
}
