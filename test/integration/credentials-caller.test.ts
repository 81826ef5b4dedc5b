import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RequestMeta, UserCaller } from "@/lib/auth/caller";
import type { CallerCredential } from "@/lib/auth/session-lookup";
import { hashToken, newToken } from "@/lib/cli-auth/codes";
import { issueCredentials } from "@/lib/credentials/issue";
import { db, sql } from "@/lib/db";
import { STALE_GROUPS_MESSAGE } from "@/lib/lifecycle/freshness";
import { countStsCalls, lastAudit, makeUser, roleId } from "./helpers";

// Vending resolves who asks (the session cookie or the CLI token) inside its one statement
// before STS (lib/credentials/preflight.ts with lib/auth/session-lookup.ts's CTE): the
// same checks as any other request's lookup, and a refusal never reaches STS.

const stsCalls = countStsCalls();

const meta = (ip: string | null = "192.0.2.50"): RequestMeta => ({ requestId: randomUUID(), ip, userAgent: "keyless-cli/test" });
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

async function browserSession(user: UserCaller, lastSeenAt = new Date()): Promise<{ token: string; id: string }> {
  const token = newToken("access").slice(6);
  const session = await db().session.create({
    data: { sessionToken: hashToken(token), userId: user.userId, expires: new Date(Date.now() + 3600_000), lastSeenAt },
    select: { id: true },
  });
  return { token, id: session.id };
}

async function cliToken(user: UserCaller, times: { accessExpiresAt?: Date; expiresAt?: Date; revokedAt?: Date; lastUsedAt?: Date } = {}) {
  const token = newToken("access");
  const session = await db().cliSession.create({
    data: {
      userId: user.userId,
      clientName: "keyless CLI",
      accessTokenHash: hashToken(token),
      accessExpiresAt: times.accessExpiresAt ?? new Date(Date.now() + 3600_000),
      expiresAt: times.expiresAt ?? new Date(Date.now() + 8 * 3600_000),
      revokedAt: times.revokedAt ?? null,
      lastUsedAt: times.lastUsedAt ?? null,
      lastIp: times.lastUsedAt ? "192.0.2.50" : null,
    },
    select: { id: true },
  });
  return { token, id: session.id };
}

async function vend(credential: CallerCredential) {
  const before = stsCalls.length;
  const result = await issueCredentials(credential, { roleId: await roleId("SandboxDeveloper") }).then(
    (creds) => ({ creds, error: null }),
    (error: unknown) => ({ creds: null, error: error as { status?: number; message?: string } }),
  );
  return { ...result, stsCalls: stsCalls.slice(before).filter((c) => c !== "GetCallerIdentityCommand").length };
}

async function counter(key: string): Promise<number | null> {
  const [row] = await sql<{ count: number }>("SELECT count FROM rate_limit_counters WHERE key = $1", [key]);
  return row?.count ?? null;
}

describe("who asks, resolved in the vending statement", () => {
  it("a browser session: issues, audits it as the session's person, counts them, and records the session's use", async () => {
    const ann = await makeUser("ann", ["engineering"]);
    const session = await browserSession(ann, minutesAgo(5));
    const { creds, error, stsCalls: calls } = await vend({ kind: "session", token: session.token, request: meta() });
    expect(error).toBeNull();
    expect(creds?.accountId).toBe("111111111111");
    expect(calls).toBe(1);
    expect(await lastAudit(ann.userId, "credentials.issue")).toMatchObject({
      outcome: "success",
      details: expect.objectContaining({ via: "session" }) as unknown,
    });
    expect(await counter(`credentials:user:${ann.userId}`)).toBe(1);
    const seen = await db().session.findUniqueOrThrow({ where: { id: session.id }, select: { lastSeenAt: true } });
    expect(seen.lastSeenAt.getTime()).toBeGreaterThan(minutesAgo(1).getTime());
  });

  it("refuses an unknown, ended or suspended person's session with 401, without STS and without counting", async () => {
    const ben = await makeUser("ben", ["engineering"]);
    const live = await browserSession(ben);
    await db().user.update({ where: { id: ben.userId }, data: { status: "suspended" } });
    for (const token of [live.token, "not-a-session", "x".repeat(600)]) {
      const { error, stsCalls: calls } = await vend({ kind: "session", token, request: meta() });
      expect(error?.status).toBe(401);
      expect(calls).toBe(0);
    }
    expect(await counter(`credentials:user:${ben.userId}`)).toBeNull();
  });

  it("a CLI token: issues as the token's person, counts the token and the person, and writes its use at most once a minute or from a new address", async () => {
    const cai = await makeUser("cai", ["engineering"]);
    const cli = await cliToken(cai);
    const first = await vend({ kind: "token", token: cli.token, request: meta("192.0.2.50") });
    expect(first.error).toBeNull();
    expect(await lastAudit(cai.userId, "credentials.issue")).toMatchObject({
      details: expect.objectContaining({ via: "token", cliSessionId: cli.id }) as unknown,
    });
    expect(await counter(`credentials:token:${cli.id}`)).toBe(1);
    expect(await counter(`credentials:user:${cai.userId}`)).toBe(1);
    const used = await db().cliSession.findUniqueOrThrow({ where: { id: cli.id }, select: { lastUsedAt: true, lastIp: true } });
    expect(used.lastIp).toBe("192.0.2.50");

    // Again from the same address within the minute: not written again.
    await sql("UPDATE cli_sessions SET last_used_at = now() - interval '20 seconds' WHERE id = $1", [cli.id]);
    const [before] = await sql<{ last_used_at: Date }>("SELECT last_used_at FROM cli_sessions WHERE id = $1", [cli.id]);
    expect((await vend({ kind: "token", token: cli.token, request: meta("192.0.2.50") })).error).toBeNull();
    const [same] = await sql<{ last_used_at: Date }>("SELECT last_used_at FROM cli_sessions WHERE id = $1", [cli.id]);
    expect(same?.last_used_at.getTime()).toBe(before?.last_used_at.getTime());
    // From a new address: written at once.
    expect((await vend({ kind: "token", token: cli.token, request: meta("198.51.100.9") })).error).toBeNull();
    const moved = await db().cliSession.findUniqueOrThrow({ where: { id: cli.id }, select: { lastUsedAt: true, lastIp: true } });
    expect(moved.lastIp).toBe("198.51.100.9");
    expect(moved.lastUsedAt!.getTime()).toBeGreaterThan(before!.last_used_at.getTime());
    expect(await counter(`credentials:token:${cli.id}`)).toBe(3);
  });

  it("refuses a revoked, expired or ended CLI token, a malformed one, and one whose person left or whose groups are unconfirmed: 401, no STS", async () => {
    const dee = await makeUser("dee", ["engineering"]);
    const tokens = [
      (await cliToken(dee, { revokedAt: minutesAgo(1) })).token,
      (await cliToken(dee, { accessExpiresAt: minutesAgo(1) })).token,
      (await cliToken(dee, { expiresAt: minutesAgo(1) })).token,
      "kl_at_short",
      "Bearer",
    ];
    for (const token of tokens) {
      const { error, stsCalls: calls } = await vend({ kind: "token", token, request: meta() });
      expect(error).toMatchObject({ status: 401, message: expect.stringMatching(/invalid, expired or revoked/) as unknown });
      expect(calls).toBe(0);
    }
    const unconfirmed = await cliToken(dee);
    await db().user.update({ where: { id: dee.userId }, data: { groupsCheckedAt: null } });
    const stale = await vend({ kind: "token", token: unconfirmed.token, request: meta() });
    expect(stale.error).toMatchObject({ status: 401, message: STALE_GROUPS_MESSAGE });
    await db().user.update({ where: { id: dee.userId }, data: { groupsCheckedAt: new Date(), status: "deprovisioned" } });
    const left = await vend({ kind: "token", token: unconfirmed.token, request: meta() });
    expect(left.error).toMatchObject({ status: 401, message: expect.stringMatching(/access to Keyless has ended/) as unknown });
    expect(left.stsCalls + stale.stsCalls).toBe(0);
  });
});
