// Test-only control of the sandbox's own processes, for the reliability suite: its tests
// run in vitest's worker processes, while the embedded Postgres is a child of the test
// runner (scripts/test.ts). Loopback only, and only started by the runner.
//   POST /postgres/stop    fast shutdown (sessions terminated, as in a restart or failover)
//   POST /postgres/start   start it again on the same data directory and port
//   GET  /postgres         {"running": true|false}
//   POST /aws/restart      stop moto and the stand-ins, start them from their kept state
//   POST /aws/restart?forget=1   … from nothing, as a sandbox that lost its state
//   POST /aws/restart?persist=1  … and keep their state from now on (starting empty); =0 stops keeping it
import http from "node:http";
import type { PostgresControl, Stack } from "./stack";
import { listenLocal } from "./shared";

export async function startControl(
  port: number,
  postgres: PostgresControl,
  restartAws: Stack["restartAws"],
): Promise<{ url: string; close(): Promise<void> }> {
  let busy: Promise<unknown> = Promise.resolve();
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = busy.then(fn, fn);
    busy = next.catch(() => undefined);
    return next;
  };
  const server = () =>
    http.createServer((req, res) => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const route = `${req.method} ${req.url}`;
      const url = new URL(req.url ?? "/", "http://control");
      if (req.method === "POST" && url.pathname === "/aws/restart") {
        const started = Date.now();
        const flag = (name: string) => (url.searchParams.has(name) ? url.searchParams.get(name) === "1" : undefined);
        return void serialised(() => restartAws({ forget: flag("forget"), persist: flag("persist") })).then(
          (restored) => reply(200, { restored, ms: Date.now() - started }),
          (error: unknown) => reply(500, { error: error instanceof Error ? error.message : String(error) }),
        );
      }
      const act =
        route === "POST /postgres/stop"
          ? () => postgres.stop()
          : route === "POST /postgres/start"
            ? () => postgres.start()
            : route === "GET /postgres"
              ? async () => undefined
              : null;
      if (!act) return reply(404, { error: `no control route ${route}` });
      const started = Date.now();
      serialised(act).then(
        () => reply(200, { running: postgres.running(), ms: Date.now() - started }),
        (error: unknown) => reply(500, { error: error instanceof Error ? error.message : String(error) }),
      );
    });
  const listener = await listenLocal(server, port, { service: "Test control", envVar: "KEYLESS_TEST_CONTROL_PORT" });
  return { url: `http://127.0.0.1:${port}`, close: () => listener.close() };
}
