// Local stand-ins for the services Keyless pushes keys to, on one HTTP server:
//   /github/…             GitHub REST (Actions secrets and variables)
//   /gitlab/api/v4/…      GitLab project CI/CD variables
//   /travis/…             Travis CI API v3 env vars
//   /circleci/api/v2/…    CircleCI project env vars
//   /webhook/:name        signed webhook receiver (+ health check)
//   /slack/services/…     Slack incoming webhooks
//   /<name>/…             each service of services.ts (Jenkins…)
//   /_state, /_control/…  test API: state, fixtures, tokens, faults (see control.ts)
// `tsx scripts/sandbox/standins/server.ts` runs it alone (KEYLESS_STANDINS_PORT, default 4200).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import sodium from "libsodium-wrappers";
import type { SealedFile } from "../sealed-file";
import { envPort, isMain, listenLocal, runStandalone } from "../shared";
import { circleci } from "./circleci";
import { control } from "./control";
import { takeFault } from "./faults";
import { seedDemo, snapshot, type StandinSnapshot } from "./fixtures";
import { github } from "./github";
import { gitlab } from "./gitlab";
import { objectBody, reply, type Reply, type StandinRequest } from "./http";
import { loadStandins, saveStandins } from "./persist";
import { slack, webhook } from "./receivers";
import { clickButton, renderWorkspace } from "./slack-workspace";
import { emptyState, type StandinState } from "./state";
import { STANDIN_SERVICES } from "./services";
import { travis } from "./travis";

export type StandinsOptions = {
  port?: number;
  /** Seed the sandbox tokens and demo targets (default true). */
  seed?: boolean;
  /** Keyless's URL: where the sandbox Slack page (/slack) sends button clicks. */
  appUrl?: string;
  /** Keep the state in this sealed file across restarts (the demo; ADR 023). */
  persist?: SealedFile;
};
export type StandinsHandle = {
  url: string;
  port: number;
  state: StandinState;
  /** Started from the saved state (false: from the seed). */
  restored: boolean;
  snapshot(): StandinSnapshot;
  stop(): Promise<void>;
};

const REQUEST_LOG_LIMIT = 5000;
const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Which service a path belongs to, and the segments after its prefix. */
function route(segments: string[]): [(req: StandinRequest, state: StandinState) => Reply, number] | null {
  const [a, b, c] = segments;
  if (a === "github") return [github, 1];
  if (a === "gitlab" && b === "api" && c === "v4") return [gitlab, 3];
  if (a === "travis") return [travis, 1];
  if (a === "circleci" && b === "api" && c === "v2") return [circleci, 3];
  if (a === "webhook") return [webhook, 1];
  if (a === "slack") return [slack, 1];
  const service = STANDIN_SERVICES.find((s) => s.name === a);
  if (service) return [(req, state) => service.handle(req, state.services[service.name]!.state, state.services[service.name]!.tokens), 1];
  return null;
}

function sendReply(res: ServerResponse, r: Reply): void {
  const headers: Record<string, string> = { ...r.headers };
  let body = "";
  if (r.json !== undefined) {
    headers["content-type"] ??= "application/json; charset=utf-8";
    body = JSON.stringify(r.json);
  } else if (r.text !== undefined) {
    headers["content-type"] ??= "text/plain; charset=utf-8";
    body = r.text;
  }
  res.writeHead(r.status, headers);
  res.end(r.status === 204 ? undefined : body);
}

export async function startStandins(options: StandinsOptions = {}): Promise<StandinsHandle> {
  await sodium.ready;
  const port = options.port ?? envPort("KEYLESS_STANDINS_PORT", 4200);
  const state = emptyState();
  const reset = () => {
    Object.assign(state, emptyState());
    if (options.seed ?? true) seedDemo(state);
  };
  const saved = options.persist ? loadStandins(options.persist) : null;
  if (saved) Object.assign(state, saved);
  else reset();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = (req.method ?? "GET").toUpperCase();
    // Whatever may have changed is on disk before the answer leaves (GETs change nothing).
    const send = (r: Reply) => {
      if (options.persist && method !== "GET") saveStandins(options.persist, state);
      sendReply(res, r);
    };
    let rawBody = "";
    for await (const chunk of req) rawBody += String(chunk);
    let body: unknown;
    let invalidJson = false;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      invalidJson = true;
    }
    const segments = url.pathname.split("/").filter(Boolean).map(decode);
    if (segments[0] === "_state" || segments[0] === "_control")
      return send(control(method, segments, objectBody({ body } as StandinRequest), state, reset));
    // The sandbox Slack client (demo): the messages with their buttons, and the clicks.
    if (segments[0] === "slack" && segments.length === 1 && method === "GET")
      return send({ status: 200, text: renderWorkspace(state), headers: { "content-type": "text/html; charset=utf-8" } });
    if (segments[0] === "slack" && segments[1] === "click" && method === "POST") {
      if (options.appUrl) await clickButton(rawBody, state, { app: options.appUrl, self: `http://localhost:${port}` });
      return send({ status: 303, headers: { location: "/slack" } });
    }

    const log = (status: number, fault?: string) => {
      state.requests.push({ method, path: decode(url.pathname), status, fault, at: new Date().toISOString() });
      if (state.requests.length > REQUEST_LOG_LIMIT) state.requests.splice(0, state.requests.length - REQUEST_LOG_LIMIT);
    };
    const fault = takeFault(state.faults, method, [url.pathname, decode(url.pathname)]);
    if (fault?.action === "reset") {
      log(0, `reset#${fault.id}`);
      if (options.persist) saveStandins(options.persist, state);
      return void req.socket.destroy();
    }
    if (fault?.action === "respond") {
      const status = fault.status ?? 500;
      log(status, `respond#${fault.id}`);
      return send(reply(status, fault.body ?? { message: "Injected fault (stand-in)" }, fault.headers));
    }
    if (fault?.action === "delay") await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
    if (res.destroyed) return log(0, `delay#${fault?.id}: client gave up`);

    const target = route(segments);
    const r = target
      ? target[0](
          { method, segments: segments.slice(target[1]), query: url.searchParams, headers: req.headers, rawBody, body, invalidJson },
          state,
        )
      : reply(404, { error: `no stand-in at ${url.pathname}` });
    log(r.status, fault ? `delay#${fault.id}` : undefined);
    send(r);
  }

  const server = () =>
    createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        console.error("[sandbox stand-ins]", error);
        if (!res.headersSent) sendReply(res, reply(500, { error: "stand-in failure" }));
      });
    });
  const listener = await listenLocal(server, port, { service: "Sandbox stand-ins", envVar: "KEYLESS_STANDINS_PORT" });
  return {
    url: `http://localhost:${port}`,
    port,
    state,
    restored: saved !== null,
    snapshot: () => snapshot(state),
    stop: () => listener.close(),
  };
}

if (isMain(import.meta.url)) {
  runStandalone(
    "stand-ins",
    () => startStandins(),
    (h) =>
      `${h.url} (GitHub /github, GitLab /gitlab/api/v4, Travis /travis, CircleCI /circleci/api/v2, webhooks /webhook/:name, Slack /slack/services/…, state /_state)`,
  );
}
