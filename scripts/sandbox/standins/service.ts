// How a stand-in for a target service plugs into the stand-ins server: one object that owns
// its state, speaks the service's protocol, creates places for tests and seeds the demo.
// The server mounts every service in services.ts at /<name>/…, its test API at
// /_control/<name>/…, its state at /_state → services.<name>, and its tokens beside the
// others; tests (test/integration/rotation-helpers.ts) and the demo
// (scripts/sandbox/demo-integrations.ts) read `fixture` and `demo`, so a new target's
// stand-in is this one file and one line in services.ts.
import type { Reply, StandinRequest } from "./http";

export type HeldKey = { accessKeyId?: string; secretAccessKey?: string };

export type StandinService<S> = {
  /** URL prefix, control prefix and key in /_state: the connector's target type. */
  name: string;
  /** The API token the service accepts out of the box (a sandbox value, not a secret). */
  token: string;
  /** Fresh state: at start and on POST /_control/reset. */
  empty(): S;
  /** A request under /<name>/, segments after the prefix; `tokens` are the accepted tokens. */
  handle(req: StandinRequest, state: S, tokens: ReadonlySet<string>): Reply;
  /** POST /_control/<name>/<what> {…}: creates a place (a folder, a project…). */
  control(what: string, body: Record<string, unknown>, state: S): Reply;
  /** The places the demo's integration points at. */
  seed(state: S): void;
  /** JSON for /_state: what tests assert on (secrets in clear: sandbox only). */
  snapshot(state: S): unknown;
  /** A fresh place for a test, the connector settings pointing at it, and what it holds. */
  fixture: {
    /** What the connector's currentKeyId can see of the key (targets.test.ts). */
    observes: "exact" | "suffix" | "unknown";
    create(name: string): { what: string; body: Record<string, unknown> };
    settings(standinsUrl: string, name: string): Record<string, unknown>;
    held(snapshot: unknown, name: string): HeldKey | null;
  };
  /** The demo integration over this stand-in (scripts/sandbox/seed-integrations.ts). */
  demo?: { name: string; iamUserName: string; ownerEmail: string; settings(standinsUrl: string): Record<string, unknown> };
};
