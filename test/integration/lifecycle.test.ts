import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { callerFromAccessToken } from "@/lib/cli-auth/sessions";
import { createRoleAccessRequest } from "@/lib/approvals/requests";
import { systemCaller, type RequestMeta, type UserCaller } from "@/lib/auth/caller";
import { callerFromSessionToken } from "@/lib/auth/session-lookup";
import { approveDeviceRequest, exchangeDeviceCode, startDeviceAuthorization } from "@/lib/cli-auth/device";
import { OAuthError } from "@/lib/cli-auth/oauth-error";
import { refreshCliSession } from "@/lib/cli-auth/sessions";
import { issueCredentials } from "@/lib/credentials/issue";
import { sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { ConflictError, ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { endAccess } from "@/lib/lifecycle/end-access";
import { setGroups } from "@/lib/lifecycle/groups";
import { restoreAccess } from "@/lib/lifecycle/restore-access";
import { DEMO_ROLES, roleArn } from "../../prisma/demo-data";
import { makeUser, roleId } from "./helpers";

// The lifecycle of a person's access (issue 11): sessions that end, groups that follow the
// IdP, and access that ends everywhere at once. The AWS policy side is in aws-revocation.test.ts.

const meta = (): RequestMeta => ({ requestId: randomUUID(), ip: "192.0.2.50", userAgent: "vitest" });
const scim = systemCaller("scim");

async function browserSession(userId: string, expiresInMs = 3_600_000, lastSeenAgoMs = 0): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db().session.create({
    data: {
      sessionToken: sha256Hex(token),
      userId,
      expires: new Date(Date.now() + expiresInMs),
      lastSeenAt: new Date(Date.now() - lastSeenAgoMs),
    },
  });
  return token;
}

async function cliTokens(user: UserCaller) {
  const ip = `192.0.2.${Math.floor(Math.random() * 200) + 20}`;
  const client = { client_name: "keyless CLI", client_version: "0.1.0", hostname: "laptop", platform: "linux" };
  const start = await startDeviceAuthorization(client, { ...meta(), ip });
  await approveDeviceRequest(user, start.user_code);
  return exchangeDeviceCode(start.device_code, { ...meta(), ip });
}

afterEach(() => {
  delete process.env.KEYLESS_SESSION_IDLE_MINUTES;
  resetEnvForTests();
});

describe("browser sessions", () => {
  it("are refused past their fixed end and once the person's access has ended", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const live = await browserSession(alice.userId);
    const ended = await browserSession(alice.userId, -1000);
    expect((await callerFromSessionToken(live, meta()))?.email).toBe(alice.email);
    expect(await callerFromSessionToken(ended, meta())).toBeNull();
    await db().user.update({ where: { id: alice.userId }, data: { status: "suspended", suspendedBy: "admin" } });
    expect(await callerFromSessionToken(live, meta())).toBeNull();
  });

  it("with an idle timeout, end after that long unused and note use at most once a minute", async () => {
    process.env.KEYLESS_SESSION_IDLE_MINUTES = "5";
    resetEnvForTests();
    const alice = await makeUser("alice", ["engineering"]);
    const idle = await browserSession(alice.userId, 3_600_000, 6 * 60_000);
    const recent = await browserSession(alice.userId, 3_600_000, 20_000);
    const older = await browserSession(alice.userId, 3_600_000, 2 * 60_000);
    expect(await callerFromSessionToken(idle, meta())).toBeNull();
    const seen = async (t: string) =>
      (await db().session.findUniqueOrThrow({ where: { sessionToken: sha256Hex(t) }, select: { lastSeenAt: true } })).lastSeenAt.getTime();
    const recentBefore = await seen(recent);
    expect(await callerFromSessionToken(recent, meta())).not.toBeNull();
    expect(await seen(recent)).toBe(recentBefore);
    expect(await callerFromSessionToken(older, meta())).not.toBeNull();
    expect(Date.now() - (await seen(older))).toBeLessThan(5_000);
  });
});

describe("groups that follow the IdP", () => {
  it("a removed group takes away only what it gave: its roles' requests, grants and live AWS sessions", async () => {
    const alice = await makeUser("alice", ["engineering", "eng-managers", "platform"]);
    const pending = await createRoleAccessRequest(alice, {
      kind: "ROLE_ACCESS",
      roleId: await roleId("ProductionDeploy"),
      durationSeconds: 3600,
      justification: "Release 4.2 to production",
    });
    await issueCredentials(alice, { roleId: await roleId("SandboxDeveloper") });
    await issueCredentials(alice, { roleId: await roleId("ProductionReadOnly") });

    // eng-managers maps to no AWS role: only the manager role goes, nothing else changes.
    const first = await setGroups(scim, alice.userId, ["engineering", "platform"], "scim");
    expect(first).toMatchObject({ added: [], removed: ["eng-managers"], lostRoles: [] });
    expect((await db().accessRequest.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("PENDING");

    // engineering alone gave SandboxDeveloper, ProductionDeploy and the break-glass role;
    // ProductionReadOnly stays through platform.
    const second = await setGroups(scim, alice.userId, ["platform"], "scim");
    expect(second.removed).toEqual(["engineering"]);
    // Other test files add roles for engineering as they go: what this says is which of the
    // seed's roles go, exactly.
    const seeded = new Set(DEMO_ROLES.map(roleArn));
    expect(second.lostRoles.filter((arn) => seeded.has(arn)).sort()).toEqual([
      "arn:aws:iam::111111111111:role/SandboxDeveloper",
      "arn:aws:iam::222222222222:role/ProductionBreakGlass",
      "arn:aws:iam::222222222222:role/ProductionDeploy",
    ]);
    expect((await db().accessRequest.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("CANCELLED");
    const revoked = await db().awsSessionRevocation.findMany({
      where: { userId: alice.userId },
      select: { roleArn: true, sourceIdentity: true },
    });
    expect(revoked).toEqual([{ roleArn: "arn:aws:iam::111111111111:role/SandboxDeveloper", sourceIdentity: alice.email }]);
    const sessions = await db().awsSession.findMany({ where: { userId: alice.userId }, select: { roleArn: true, revokedAt: true } });
    expect(sessions.find((s) => s.roleArn.endsWith("/SandboxDeveloper"))?.revokedAt).not.toBeNull();
    expect(sessions.find((s) => s.roleArn.endsWith("/ProductionReadOnly"))?.revokedAt).toBeNull();
    expect((await db().user.findUniqueOrThrow({ where: { id: alice.userId } })).groups).toEqual(["platform"]);
    const audit = await db().auditEvent.findFirst({
      where: { action: "person.groups_change", targetId: alice.userId },
      orderBy: { id: "desc" },
    });
    expect(audit).toMatchObject({ actorEmail: "system:scim", details: { removed: ["engineering"], requestsCancelled: 1, source: "scim" } });
  });

  it("every path sees the new groups at once: a CLI token loses the manager role with the group", async () => {
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const tokens = await cliTokens(mona);
    expect((await callerFromAccessToken(tokens.access_token, meta()))?.roles).toEqual(["engineer", "manager"]);
    await setGroups(scim, mona.userId, ["engineering"], "scim");
    expect((await callerFromAccessToken(tokens.access_token, meta()))?.roles).toEqual(["engineer"]);
  });

  it("a CLI token whose groups nobody confirmed for longer than a browser session lasts is refused", async () => {
    const bob = await makeUser("bob", ["engineering"]);
    const tokens = await cliTokens(bob);
    await db().user.update({ where: { id: bob.userId }, data: { groupsCheckedAt: new Date(Date.now() - 13 * 3_600_000), source: "sso" } });
    await expect(callerFromAccessToken(tokens.access_token, meta())).rejects.toThrow(/not confirmed your groups/);
    const refused = await refreshCliSession(tokens.refresh_token, meta()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OAuthError);
    // Confirmed again (a sign-in, a re-read at the IdP): the same session works.
    await db().user.update({ where: { id: bob.userId }, data: { groupsCheckedAt: new Date() } });
    expect((await callerFromAccessToken(tokens.access_token, meta()))?.email).toBe(bob.email);
  });
});

describe("ending access", () => {
  it("ends every session and token, and nothing more is issued, not even to a request already in flight", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const browser = await browserSession(alice.userId);
    const tokens = await cliTokens(alice);
    await issueCredentials(alice, { roleId: await roleId("SandboxDeveloper") });

    const summary = await endAccess(scim, alice.userId, { by: "scim", reason: "deactivated in the IdP" });
    expect(summary).toMatchObject({ browserSessions: 1, cliSessions: 1 });
    expect(summary.awsRoles.map((r) => r.roleArn)).toEqual(["arn:aws:iam::111111111111:role/SandboxDeveloper"]);
    expect(await callerFromSessionToken(browser, meta())).toBeNull();
    const bearer = await callerFromAccessToken(tokens.access_token, meta()).catch((e: unknown) => e);
    expect(bearer === null || bearer instanceof UnauthorizedError).toBe(true);
    expect(await refreshCliSession(tokens.refresh_token, meta()).catch((e: unknown) => e)).toBeInstanceOf(OAuthError);

    // `alice` below is the caller object a request resolved before her access ended: the
    // database refuses to record the issuance, so the credentials are never handed out.
    await expect(issueCredentials(alice, { roleId: await roleId("SandboxDeveloper") })).rejects.toBeInstanceOf(ForbiddenError);
    const person = await db().user.findUniqueOrThrow({ where: { id: alice.userId } });
    expect(person).toMatchObject({ status: "suspended", suspendedBy: "scim" });
    const audit = await db().auditEvent.findFirst({ where: { action: "person.deactivate", targetId: alice.userId, outcome: "success" } });
    expect(audit?.actorEmail).toBe("system:scim");
    expect(audit?.details).toMatchObject({
      browserSessions: 1,
      cliSessions: 1,
      awsRolesRevoked: ["arn:aws:iam::111111111111:role/SandboxDeveloper"],
    });
  });

  it("whoever ended access with the stronger reason decides when it comes back", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const adam = await makeUser("adam", ["aws-admins"]);
    await endAccess(scim, alice.userId, { by: "scim", reason: "left" });
    await expect(restoreAccess(adam, alice.userId, "admin")).rejects.toBeInstanceOf(ConflictError);
    // An admin suspending on top keeps the admin's hold even when SCIM says active again.
    await endAccess(adam, alice.userId, { by: "admin", reason: "investigation" });
    await endAccess(scim, alice.userId, { by: "scim", reason: "left again" });
    expect((await db().user.findUniqueOrThrow({ where: { id: alice.userId } })).suspendedBy).toBe("admin");
    await expect(restoreAccess(scim, alice.userId, "scim")).rejects.toBeInstanceOf(ConflictError);
    expect(await restoreAccess(adam, alice.userId, "admin")).toEqual({ restored: true });
    expect((await db().user.findUniqueOrThrow({ where: { id: alice.userId } })).status).toBe("active");
  });
});
