// HTTP calls to an app instance as a signed-in person (a database session, as bench/
// harness.ts makes them). State-changing calls carry the app's own Origin, as the browser
// would; every call has a client-side deadline so a hang fails the test instead of stalling it.
import pg from "pg";
import { sessionFor } from "../../../scripts/sandbox/sessions";
import { sandbox } from "./env";

export type Reply<T = unknown> = { status: number; contentType: string; body: T; text: string; ms: number };

export class Client {
  constructor(
    readonly cookie: string,
    readonly email: string,
  ) {}

  async call<T = Record<string, unknown>>(
    baseUrl: string,
    method: string,
    path: string,
    body?: unknown,
    timeoutMs = 30_000,
  ): Promise<Reply<T>> {
    const started = performance.now();
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        origin: new URL(sandbox.authUrl).origin,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    let parsed: unknown = text;
    if (contentType.includes("json") && text) parsed = JSON.parse(text);
    return { status: res.status, contentType, body: parsed as T, text, ms: performance.now() - started };
  }

  get = <T = Record<string, unknown>>(baseUrl: string, path: string, timeoutMs?: number) =>
    this.call<T>(baseUrl, "GET", path, undefined, timeoutMs);
  post = <T = Record<string, unknown>>(baseUrl: string, path: string, body: unknown = {}, timeoutMs?: number) =>
    this.call<T>(baseUrl, "POST", path, body, timeoutMs);
}

let pool: pg.Pool | undefined;
/** A small pool on the sandbox database, for test set-up and for checking outcomes. */
export function testDb(): pg.Pool {
  if (!pool) {
    pool = new pg.Pool({ connectionString: sandbox.databaseUrl, max: 4 });
    pool.on("error", () => undefined); // Postgres is restarted on purpose in these tests
  }
  return pool;
}
export async function closeTestDb(): Promise<void> {
  await pool?.end();
  pool = undefined;
}

/** Nobody signed in: what a load balancer's or Kubernetes' health probe sends. */
export const anonymous = new Client("", "");

let n = 0;
/** A person with a live session; `groups` decides the role (aws-admins → admin). */
export async function signedIn(kind: string, groups: string[]): Promise<Client> {
  const email = `${kind}-${process.pid}-${++n}@example.com`;
  return new Client(await sessionFor(testDb(), email, groups), email);
}

export const ADMIN_GROUPS = ["platform", "aws-admins"];
export const ENGINEER_GROUPS = ["engineering"];
export const MANAGER_GROUPS = ["engineering", "eng-managers"];
