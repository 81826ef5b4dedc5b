import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callerFromAccessToken } from "@/lib/cli-auth/sessions";
import type { RequestMeta, UserCaller } from "@/lib/auth/caller";
import { signOutEverywhere } from "@/lib/auth/sign-out-everywhere";
import { hashToken } from "@/lib/cli-auth/codes";
import {
  approveDeviceRequest,
  denyDeviceRequest,
  exchangeDeviceCode,
  findDeviceRequest,
  startDeviceAuthorization,
} from "@/lib/cli-auth/device";
import { DEVICE_LIMITS } from "@/lib/cli-auth/limits";
import { OAuthError } from "@/lib/cli-auth/oauth-error";
import { listCliSessions, refreshCliSession, revokeCliSession } from "@/lib/cli-auth/sessions";
import { issueCredentials } from "@/lib/credentials/issue";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { NotFoundError, RateLimitError, ValidationError } from "@/lib/errors";
import { lastAudit, makeUser, roleId } from "./helpers";

const cli = (ip = "192.0.2.10"): RequestMeta => ({ requestId: randomUUID(), ip, userAgent: "keyless-cli/test" });
const client = { client_name: "keyless CLI", client_version: "0.1.0", hostname: "alice-laptop", platform: "linux 6.1 x64" };

async function oauthError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return (error as OAuthError).error;
}

async function signInCli(user: UserCaller, ip = `192.0.2.${Math.floor(Math.random() * 200) + 20}`) {
  const start = await startDeviceAuthorization(client, cli(ip));
  await approveDeviceRequest(user, start.user_code);
  return exchangeDeviceCode(start.device_code, cli(ip));
}

describe("device sign-in", () => {
  it("goes from a code in the terminal to a token bound to the person who approved it", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const start = await startDeviceAuthorization(client, cli());
    expect(start.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(start.device_code).toMatch(/^kl_dc_/);
    expect(start.verification_uri).toBe(new URL("/device", env().AUTH_URL).toString());
    expect(start.verification_uri_complete).toBe(`${start.verification_uri}?code=${start.user_code}`);
    expect(start.interval).toBe(5);
    expect(start.expires_in).toBe(600);

    // Only hashes are stored.
    const stored = await db().deviceAuthorization.findUniqueOrThrow({ where: { deviceCodeHash: hashToken(start.device_code) } });
    expect(JSON.stringify(stored)).not.toContain(start.device_code);
    expect(JSON.stringify(stored)).not.toContain(start.user_code.replace("-", ""));

    expect(await oauthError(exchangeDeviceCode(start.device_code, cli()))).toBe("authorization_pending");
    // Polling again at once: slow down, and the interval grows by 5 s.
    const slow = await exchangeDeviceCode(start.device_code, cli()).catch((e: unknown) => e);
    expect(slow).toMatchObject({ error: "slow_down", extra: expect.objectContaining({ interval: 10 }) as unknown });

    // The person sees what is asking, typing the code however they like.
    const seen = await findDeviceRequest(alice, start.user_code.toLowerCase().replace("-", " "));
    expect(seen).toMatchObject({
      userCode: start.user_code,
      clientName: "keyless CLI",
      hostname: "alice-laptop",
      platform: "linux 6.1 x64",
      requestIp: "192.0.2.10",
    });
    await approveDeviceRequest(alice, start.user_code);
    expect((await lastAudit(alice.userId, "cli.device.approve"))?.outcome).toBe("success");

    const tokens = await exchangeDeviceCode(start.device_code, cli());
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.access_token).toMatch(/^kl_at_/);
    expect(tokens.refresh_token).toMatch(/^kl_rt_/);
    expect(tokens.expires_in).toBeGreaterThan(3500);
    expect(tokens.expires_in).toBeLessThanOrEqual(3600);
    expect(tokens.user.email).toBe(alice.email);
    expect((await lastAudit(alice.userId, "cli.session.create"))?.targetId).toBe(tokens.session_id);

    // The device code works once.
    expect(await oauthError(exchangeDeviceCode(start.device_code, cli()))).toBe("invalid_grant");

    const caller = await callerFromAccessToken(tokens.access_token, cli("198.51.100.7"));
    expect(caller).toMatchObject({
      userId: alice.userId,
      email: alice.email,
      roles: ["engineer"],
      groups: ["engineering"],
      via: "token",
      tokenId: tokens.session_id,
    });
    const session = await db().cliSession.findUniqueOrThrow({ where: { id: tokens.session_id } });
    expect(session.lastIp).toBe("198.51.100.7");
    expect(JSON.stringify(session)).not.toContain(tokens.access_token);
  });

  it("answers access_denied when the person denies, and expired_token when nobody answers in time", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const denied = await startDeviceAuthorization(client, cli());
    await denyDeviceRequest(alice, denied.user_code);
    expect(await oauthError(exchangeDeviceCode(denied.device_code, cli()))).toBe("access_denied");
    await expect(approveDeviceRequest(alice, denied.user_code)).rejects.toMatchObject({ status: 404 });

    const late = await startDeviceAuthorization(client, cli());
    await db().deviceAuthorization.update({
      where: { deviceCodeHash: hashToken(late.device_code) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await oauthError(exchangeDeviceCode(late.device_code, cli()))).toBe("expired_token");
    await expect(findDeviceRequest(alice, late.user_code)).rejects.toMatchObject({ status: 404 });
  });

  it("refuses malformed and unknown codes, and limits how many a person may try", async () => {
    const mallory = await makeUser("mallory", ["engineering"]);
    expect(await oauthError(exchangeDeviceCode("kl_dc_nope", cli()))).toBe("invalid_grant");
    expect(await oauthError(exchangeDeviceCode(`kl_dc_${"A".repeat(43)}`, cli()))).toBe("invalid_grant");
    await expect(findDeviceRequest(mallory, "12345678")).rejects.toBeInstanceOf(ValidationError);
    const tried: unknown[] = [];
    for (let i = 0; i < DEVICE_LIMITS.verifyPerUser + 2; i++)
      tried.push(await findDeviceRequest(mallory, "BBBB-BBBB").catch((e: unknown) => e));
    // The first attempt above was the malformed one; then 404s until the limit.
    expect(
      tried.slice(0, DEVICE_LIMITS.verifyPerUser - 1).every((e) => e instanceof NotFoundError || (e as { status?: number }).status === 404),
    ).toBe(true);
    expect(tried.at(-1)).toBeInstanceOf(RateLimitError);
  });
});

describe("CLI tokens", () => {
  it("are refused once revoked, and only their owner may revoke them", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const bob = await makeUser("bob", ["engineering"]);
    const tokens = await signInCli(alice);
    expect(await callerFromAccessToken(tokens.access_token, cli())).not.toBeNull();
    await expect(revokeCliSession(bob, tokens.session_id)).rejects.toBeInstanceOf(NotFoundError);

    const listed = await listCliSessions(alice);
    expect(listed).toEqual([
      expect.objectContaining({ id: tokens.session_id, status: "active", hostname: "alice-laptop", current: false }),
    ]);
    await revokeCliSession(alice, tokens.session_id);
    expect((await lastAudit(alice.userId, "cli.session.revoke"))?.targetId).toBe(tokens.session_id);
    expect(await callerFromAccessToken(tokens.access_token, cli())).toBeNull();
    expect(await oauthError(refreshCliSession(tokens.refresh_token, cli()))).toBe("invalid_grant");
    expect((await listCliSessions(alice))[0]?.status).toBe("revoked");
  });

  it("expire, and refresh into a new pair; an old refresh token used again revokes the session", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const first = await signInCli(alice);
    await db().cliSession.update({ where: { id: first.session_id }, data: { accessExpiresAt: new Date(Date.now() - 1000) } });
    expect(await callerFromAccessToken(first.access_token, cli())).toBeNull();

    const second = await refreshCliSession(first.refresh_token, cli());
    expect(second.session_id).toBe(first.session_id);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await callerFromAccessToken(second.access_token, cli()))?.email).toBe(alice.email);

    // The first refresh token again: someone else holds a copy. The session ends.
    const reuse = await refreshCliSession(first.refresh_token, cli()).catch((e: unknown) => e);
    expect(reuse).toMatchObject({ error: "invalid_grant" });
    expect((reuse as Error).message).toMatch(/already used/);
    expect(await callerFromAccessToken(second.access_token, cli())).toBeNull();
    expect(await oauthError(refreshCliSession(second.refresh_token, cli()))).toBe("invalid_grant");
    expect((await lastAudit(alice.userId, "cli.session.refresh_reuse"))?.outcome).toBe("denied");
  });

  it("stop refreshing when the session's fixed lifetime is over", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const tokens = await signInCli(alice);
    await db().cliSession.update({ where: { id: tokens.session_id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await callerFromAccessToken(tokens.access_token, cli())).toBeNull();
    const error = await refreshCliSession(tokens.refresh_token, cli()).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/has ended/);
  });

  it("record their last use at most once a minute", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const tokens = await signInCli(alice, "192.0.2.50");
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await db().cliSession.update({ where: { id: tokens.session_id }, data: { lastUsedAt: twoMinutesAgo } });
    await callerFromAccessToken(tokens.access_token, cli("192.0.2.50"));
    const touched = (await db().cliSession.findUniqueOrThrow({ where: { id: tokens.session_id } })).lastUsedAt;
    expect(touched!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime());
    await callerFromAccessToken(tokens.access_token, cli("192.0.2.50"));
    expect((await db().cliSession.findUniqueOrThrow({ where: { id: tokens.session_id } })).lastUsedAt).toEqual(touched);
  });

  it("end with “sign out everywhere”", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const tokens = await signInCli(alice);
    await signOutEverywhere(alice);
    expect(await callerFromAccessToken(tokens.access_token, cli())).toBeNull();
  });
});

describe("credential issuance rate limit", () => {
  it("refuses a token over its per-minute limit with 429 and Retry-After, and audits it once", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const tokens = await signInCli(alice);
    const caller = (await callerFromAccessToken(tokens.access_token, cli()))!;
    const limit = env().KEYLESS_CREDENTIALS_RATE_LIMIT_PER_MINUTE;
    const role = await roleId("SandboxDeveloper");
    const results = await Promise.all(
      Array.from({ length: limit + 3 }, () =>
        issueCredentials(caller, { roleId: role }).then(
          () => "ok",
          (e: unknown) => e,
        ),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(limit);
    const refused = results.filter((r) => r !== "ok");
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(r).toBeInstanceOf(RateLimitError);
      expect((r as RateLimitError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    const audits = await db().auditEvent.findMany({ where: { actorId: alice.userId, action: "credentials.issue", outcome: "denied" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toMatchObject({ reason: "rate limited", limit: "per token" });
  });
});
