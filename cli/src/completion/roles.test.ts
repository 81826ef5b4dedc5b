import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ROLES_CACHE_MS, writeCachedRoleRefs, writeSession, type Session } from "../store.js";
import { completionRoles } from "./roles.js";

// `keyless __complete roles`: the cache first, the server only with a valid token and a
// short timeout, and nothing at all (no error) otherwise.

let dir: string;
let server: Server | null = null;
let requests: string[] = [];

const role = (accountId: string, roleName: string) => ({
  id: `${accountId}-${roleName}`,
  accountId,
  accountName: "Sandbox",
  roleName,
  roleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
  maxDurationSeconds: 3600,
  requiresApproval: false,
});

async function keylessServer(status = 200): Promise<string> {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(status === 200 ? [role("111111111111", "SandboxDeveloper")] : { detail: "no" }));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const session = (url: string, tokenLeftMs = 600_000): Session => ({
  server: url,
  sessionId: "s1",
  accessToken: "access-1",
  accessTokenExpiresAt: new Date(Date.now() + tokenLeftMs).toISOString(),
  refreshToken: "refresh-1",
  sessionExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  user: { email: "alice@example.com", name: "Alice" },
});

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "keyless-complete-"));
  vi.stubEnv("KEYLESS_CONFIG_DIR", dir);
  requests = [];
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

describe("completionRoles", () => {
  it("offers nothing when signed out", async () => {
    expect(await completionRoles()).toEqual([]);
  });

  it("answers from a fresh cache of this person on this server, without a request", async () => {
    const url = await keylessServer();
    await writeSession(session(url));
    await writeCachedRoleRefs({ server: url, email: "alice@example.com" }, ["111111111111/Cached"]);
    expect(await completionRoles()).toEqual(["111111111111/Cached"]);
    expect(requests).toEqual([]);
  });

  it("asks the server when the cache is stale or someone else's, and caches the answer", async () => {
    const url = await keylessServer();
    await writeSession(session(url));
    await writeCachedRoleRefs({ server: url, email: "bob@example.com" }, ["999999999999/Bobs"]);
    expect(await completionRoles()).toEqual(["111111111111/SandboxDeveloper"]);
    await writeCachedRoleRefs({ server: url, email: "alice@example.com" }, ["111111111111/Old"], Date.now() - ROLES_CACHE_MS - 1);
    expect(await completionRoles()).toEqual(["111111111111/SandboxDeveloper"]);
    expect(requests).toEqual(["GET /api/v1/aws-roles Bearer access-1", "GET /api/v1/aws-roles Bearer access-1"]);
    const cached = JSON.parse(readFileSync(path.join(dir, "cache", "roles.json"), "utf8")) as { roles: string[] };
    expect(cached.roles).toEqual(["111111111111/SandboxDeveloper"]);
  });

  it("does not refresh an expired access token (no lock, no wait): nothing to offer", async () => {
    const url = await keylessServer();
    await writeSession(session(url, -1000));
    expect(await completionRoles()).toEqual([]);
    expect(requests).toEqual([]);
  });

  it("fails fast when the server does not answer", async () => {
    // A socket that accepts and never answers.
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    await writeSession(session(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    const started = Date.now();
    await expect(completionRoles()).rejects.toThrow(/no answer within 2.5 s/);
    expect(Date.now() - started).toBeLessThan(4_000);
    server.closeAllConnections();
  });
});
