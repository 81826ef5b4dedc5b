// Small helpers shared by the sandbox services: where their files live, clear
// "port busy" errors, and the standalone runner (start, log, stop on a signal).
import { mkdirSync } from "node:fs";
import net from "node:net";
import type { Server } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));
// Git-ignored; holds Postgres data, IdP keys and service logs.
export const sandboxDir = path.join(projectRoot, ".sandbox");

export function sandboxPath(...parts: string[]): string {
  const full = path.join(sandboxDir, ...parts);
  mkdirSync(path.dirname(full), { recursive: true });
  return full;
}

export interface PortOwner {
  service: string;
  envVar: string;
}

export function portBusyError(port: number, owner: PortOwner): Error {
  return new Error(
    `${owner.service}: port ${port} is already in use. Stop whatever is listening there ` +
      `(e.g. \`lsof -i :${port}\`) or choose another port with ${owner.envVar}=<port>.`,
  );
}

/** Fails fast with a readable message instead of a child process dying obscurely later. */
export async function assertPortFree(port: number, owner: PortOwner): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => reject(err.code === "EADDRINUSE" ? portBusyError(port, owner) : err));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/**
 * Listens on 127.0.0.1 and, where the machine has IPv6, ::1 too: "localhost" may resolve
 * to either (browsers and Node's fetch try both), and the issuer URLs use "localhost".
 */
export async function listenLocal(makeServer: () => Server, port: number, owner: PortOwner): Promise<{ close(): Promise<void> }> {
  const servers: Server[] = [];
  const listenOn = (host: string) =>
    new Promise<void>((resolve, reject) => {
      const server = makeServer();
      server.once("error", reject);
      server.listen(port, host, () => {
        servers.push(server);
        resolve();
      });
    });
  const close = async () => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections(); // keep-alive sockets would otherwise hold close() open
          }),
      ),
    );
  };
  try {
    await listenOn("127.0.0.1");
  } catch (err) {
    throw (err as NodeJS.ErrnoException).code === "EADDRINUSE" ? portBusyError(port, owner) : err;
  }
  try {
    await listenOn("::1");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      await close();
      throw portBusyError(port, owner);
    }
    // EADDRNOTAVAIL / EAFNOSUPPORT: no IPv6 loopback here; 127.0.0.1 is enough.
  }
  return { close };
}

export function envPort(envVar: string, fallback: number): number {
  const raw = process.env[envVar];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${envVar} must be a port number (1-65535), got "${raw}"`);
  }
  return port;
}

/** True when the module was run directly (`tsx scripts/sandbox/x.ts`), not imported. */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(path.resolve(entry)).href === moduleUrl;
}

/** Starts one service, prints where it is, and stops it cleanly on Ctrl-C or SIGTERM. */
export function runStandalone<H extends { stop(): Promise<void> }>(
  name: string,
  start: () => Promise<H>,
  describe: (handle: H) => string,
): void {
  start()
    .then((handle) => {
      console.log(`[sandbox] ${name} ready: ${describe(handle)}  (Ctrl-C stops it)`);
      let stopping = false;
      const shutdown = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        console.log(`[sandbox] ${name}: ${signal}, stopping…`);
        handle.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(`[sandbox] ${name}: stop failed`, err);
            process.exit(1);
          },
        );
      };
      process.on("SIGINT", shutdown);
      process.on("SIGTERM", shutdown);
    })
    .catch((err: unknown) => {
      console.error(`[sandbox] ${name} failed to start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
