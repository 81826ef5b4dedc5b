import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { approveRequest } from "@/lib/approvals/decide";
import { createRoleAccessRequest } from "@/lib/approvals/requests";
import { systemCaller, type RequestMeta, type UserCaller } from "@/lib/auth/caller";
import { callerFromSessionToken } from "@/lib/auth/session-lookup";
import { approveDeviceRequest, exchangeDeviceCode, startDeviceAuthorization } from "@/lib/cli-auth/device";
import { callerFromAccessToken } from "@/lib/cli-auth/sessions";
import { sha256Hex } from "@/lib/crypto";
import { issueCredentials } from "@/lib/credentials/issue";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { createIntegration } from "@/lib/integrations/manage";
import { updateIntegration } from "@/lib/integrations/update";
import { stopBoss } from "@/lib/jobs/boss";
import { endAccess } from "@/lib/lifecycle/end-access";
import { listPeople } from "@/lib/people/list";
import { reactivatePerson, revokePersonAwsSessions, suspendPerson } from "@/lib/people/manage";
import { getMySessions, revokeAllMySessions } from "@/lib/people/my-sessions";
import { getPerson } from "@/lib/people/person";
import { peopleQuerySchema, personDetailSchema } from "@/lib/people/schemas";
import { lastAudit, makeUser, roleId } from "./helpers";
import { ACCOUNT, createIamUser } from "./rotation-helpers";
import { unique } from "./targets-helpers";

// The People data access layer: who may read and act on people, what Suspend ends, who may
// reactivate, and a person's own "Revoke all my sessions". Real Postgres, moto for the
// credentials that put AWS sessions on record, the device flow for CLI sessions.

afterAll(async () => {
  await stopBoss();
});

const meta = (ip = `192.0.2.${Math.floor(Math.random() * 200) + 20}`): RequestMeta => ({
  requestId: randomUUID(),
  ip,
  userAgent: "vitest",
});
const query = (q: Record<string, unknown> = {}) => peopleQuerySchema.parse(q);

/** A browser session row as the sign-in leaves it; returns the cookie value. */
async function browserSession(user: UserCaller): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db().session.create({
    data: { sessionToken: sha256Hex(token), userId: user.userId, expires: new Date(Date.now() + 12 * 3600_000) },
    select: { id: true },
  });
  return token;
}

async function cliSignIn(user: UserCaller) {
  const start = await startDeviceAuthorization({ client_name: "keyless CLI", hostname: "laptop", platform: "linux" }, meta());
  await approveDeviceRequest(user, start.user_code);
  return exchangeDeviceCode(start.device_code, meta());
}

async function integrationOwnedBy(admin: UserCaller, email: string) {
  const userName = unique("people-svc");
  await createIamUser(userName);
  return createIntegration(admin, {
    name: unique("people-int"),
    accountId: ACCOUNT,
    iamUserName: userName,
    targetType: "github",
    targetSettings: { owner: "acme", repo: "api" },
    targetToken: "ghp_secret_value_for_tests_0001",
    rotationIntervalDays: 30,
    graceSeconds: 3600,
    ownerEmail: email,
    enabled: true,
  });
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e,
  );

describe("who may see and act on people", () => {
  it("refuses engineers and managers everything but their own sessions, and lets admins in", async () => {
    const alice = await makeUser("people-alice", ["engineering"]);
    const mona = await makeUser("people-mona", ["engineering", "eng-managers"]);
    const adam = await makeUser("people-adam", ["aws-admins"]);
    for (const who of [alice, mona]) {
      expect(await refusal(listPeople(who, query()))).toBeInstanceOf(ForbiddenError);
      expect(await refusal(getPerson(who, adam.userId))).toBeInstanceOf(ForbiddenError);
      expect(
        await refusal(suspendPerson(who, alice.userId === who.userId ? mona.userId : alice.userId, { reason: "nope" })),
      ).toBeInstanceOf(ForbiddenError);
      expect(await refusal(reactivatePerson(who, adam.userId))).toBeInstanceOf(ForbiddenError);
      expect(await refusal(revokePersonAwsSessions(who, adam.userId, {}))).toBeInstanceOf(ForbiddenError);
      expect((await lastAudit(who.userId, "authz.denied"))?.details).toMatchObject({ permission: "people.manage" });
    }
    // Nothing happened to anyone, and everyone still sees their own sessions.
    const rows = await db().user.findMany({ where: { id: { in: [alice.userId, mona.userId, adam.userId] } }, select: { status: true } });
    expect(rows.map((r) => r.status)).toEqual(["active", "active", "active"]);
    await expect(getMySessions(alice, null)).resolves.toMatchObject({ browser: [], cli: [], awsSessions: [] });

    const page = await listPeople(adam, query({ q: "people-mona" }));
    expect(page.items.map((p) => p.id)).toContain(mona.userId);
    expect(await refusal(getPerson(adam, "cm-no-such-person"))).toBeInstanceOf(NotFoundError);
    expect(await refusal(suspendPerson(adam, "cm-no-such-person", { reason: "typo" }))).toBeInstanceOf(NotFoundError);
  });
});

describe("the People list", () => {
  it("searches, filters by status, source and role, counts live sessions, and pages with a cursor", async () => {
    const adam = await makeUser("people-list-admin", ["aws-admins"]);
    const tag = `plist${randomUUID().slice(0, 6)}`;
    const eng = await makeUser(`${tag}-eng`, ["engineering"]);
    const mgr = await makeUser(`${tag}-mgr`, ["engineering", "eng-managers"]);
    const adm = await makeUser(`${tag}-adm`, ["aws-admins"]);
    await browserSession(eng);
    await browserSession(eng);
    await cliSignIn(eng);
    await issueCredentials(eng, { roleId: await roleId("SandboxDeveloper") });

    const all = await listPeople(adam, query({ q: tag }));
    expect(all.items.map((p) => p.email).sort()).toEqual([adm.email, eng.email, mgr.email].sort());
    const e = all.items.find((p) => p.id === eng.userId)!;
    expect(e).toMatchObject({ status: "active", source: "sso", roles: ["engineer"], liveSessions: { browser: 2, cli: 1 }, awsSessions: 1 });
    expect(all.items.find((p) => p.id === mgr.userId)?.roles).toEqual(["engineer", "manager"]);

    expect((await listPeople(adam, query({ q: tag, role: "admin" }))).items.map((p) => p.id)).toEqual([adm.userId]);
    expect((await listPeople(adam, query({ q: tag, role: "manager" }))).items.map((p) => p.id)).toEqual([mgr.userId]);
    expect((await listPeople(adam, query({ q: tag, role: "engineer" }))).items.map((p) => p.id)).toEqual([eng.userId]);
    await suspendPerson(adam, mgr.userId, { reason: "list test" });
    expect((await listPeople(adam, query({ q: tag, status: "suspended" }))).items.map((p) => p.id)).toEqual([mgr.userId]);
    expect((await listPeople(adam, query({ q: tag, source: "scim" }))).items).toEqual([]);
    // A LIKE wildcard in the search is a literal.
    expect((await listPeople(adam, query({ q: "%" }))).items).toEqual([]);

    // One at a time, in order, with no repeat and nothing left out.
    for (const sort of ["email", "-email", "name", "lastSignIn", "-lastSignIn"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listPeople(adam, query({ q: tag, sort, limit: 1, cursor }));
        seen.push(...page.items.map((p) => p.email));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.length, sort).toBe(3);
      expect(new Set(seen).size, sort).toBe(3);
      if (sort === "email") expect(seen).toEqual([...seen].sort());
    }
    const first = await listPeople(adam, query({ q: tag, sort: "email", limit: 1 }));
    await expect(listPeople(adam, query({ q: tag, sort: "name", cursor: first.nextCursor }))).rejects.toThrow(/belongs to sort/);
    await expect(listPeople(adam, query({ cursor: "not-a-cursor" }))).rejects.toThrow(/not one Keyless issued/);
  });
});

describe("suspending a person", () => {
  it("ends their sessions, requests, grants and live AWS sessions, flags what they own, and shows it all", async () => {
    const adam = await makeUser("people-suspend-admin", ["aws-admins"]);
    const mona = await makeUser("people-suspend-mona", ["engineering", "eng-managers"]);
    const alice = await makeUser("people-suspend-alice", ["engineering"]);
    const cookie = await browserSession(alice);
    const cli = await cliSignIn(alice);
    const creds = await issueCredentials(alice, { roleId: await roleId("SandboxDeveloper") });
    const granted = await createRoleAccessRequest(alice, {
      kind: "ROLE_ACCESS",
      roleId: await roleId("ProductionDeploy"),
      durationSeconds: 3600,
      justification: "people test: granted",
    });
    await approveRequest(mona, granted.id, "ok");
    const pending = await createRoleAccessRequest(alice, {
      kind: "ROLE_ACCESS",
      roleId: await roleId("ProductionDeploy"),
      durationSeconds: 3600,
      justification: "people test: pending",
    });
    const owned = await integrationOwnedBy(adam, alice.email);
    expect(await callerFromSessionToken(cookie, meta())).not.toBeNull();

    const result = await suspendPerson(adam, alice.userId, { reason: "laptop stolen" });
    expect(result).toMatchObject({
      status: "suspended",
      browserSessions: 1,
      cliSessions: 1,
      requestsCancelled: 1,
      grantsRevoked: 1,
      integrationsFlagged: 1,
      awsRolesRevoked: [creds.roleArn],
    });

    // Every form of access is refused.
    expect(await db().session.count({ where: { userId: alice.userId } })).toBe(0);
    expect(await callerFromSessionToken(cookie, meta())).toBeNull();
    expect(await callerFromAccessToken(cli.access_token, meta())).toBeNull();
    expect((await db().cliSession.findUniqueOrThrow({ where: { id: cli.session_id } })).revokedAt).not.toBeNull();
    expect((await db().accessRequest.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("CANCELLED");
    expect((await db().grant.findFirstOrThrow({ where: { requestId: granted.id } })).revokedAt).not.toBeNull();
    expect((await db().integration.findUniqueOrThrow({ where: { id: owned.id } })).ownerNeedsReplacementAt).not.toBeNull();
    expect(await lastAudit(adam.userId, "person.suspend")).toMatchObject({ outcome: "success", targetId: alice.userId });

    // The admin's view says so: status, reason, the revoked AWS session and its revocation.
    const seen = await getPerson(adam, alice.userId);
    expect(seen).toMatchObject({ status: "suspended", suspendedBy: "admin", suspendedReason: "laptop stolen" });
    expect(seen.sessions.browser).toEqual([]);
    expect(seen.sessions.cli).toEqual([expect.objectContaining({ id: cli.session_id, status: "revoked", hostname: "laptop" })]);
    expect(seen.awsSessions).toEqual([
      expect.objectContaining({
        roleArn: creds.roleArn,
        accountId: "111111111111",
        kind: "credentials.issue",
        revokedAt: expect.any(String) as string,
      }),
    ]);
    expect(seen.revocations).toEqual([
      expect.objectContaining({ roleArn: creds.roleArn, reason: "laptop stolen", requestedBy: adam.email, state: "pending" }),
    ]);
    expect(seen.integrations).toEqual([{ id: owned.id, name: owned.name, ownerNeedsReplacementAt: expect.any(String) as string }]);

    // Suspending again is a conflict; the admin can reactivate; nothing ended comes back.
    expect(await refusal(suspendPerson(adam, alice.userId, { reason: "again" }))).toBeInstanceOf(ConflictError);
    await expect(reactivatePerson(adam, alice.userId)).resolves.toEqual({ restored: true, status: "active" });
    await expect(reactivatePerson(adam, alice.userId)).resolves.toEqual({ restored: false, status: "active" });
    expect(await callerFromSessionToken(cookie, meta())).toBeNull();
    expect(await callerFromAccessToken(cli.access_token, meta())).toBeNull();
  });

  it("answers with the exact contract shape", async () => {
    const adam = await makeUser("people-shape-admin", ["aws-admins"]);
    const bob = await makeUser("people-shape-bob", ["engineering"]);
    await browserSession(bob);
    await issueCredentials(bob, { roleId: await roleId("SandboxDeveloper") });
    const person = await getPerson(adam, bob.userId);
    expect(personDetailSchema.strict().parse(person)).toEqual(person);
    for (const key of ["id", "email", "status", "source", "groups", "roles", "lastSignInAt", "sessions", "awsSessions"])
      expect(person).toHaveProperty(key);
    expect(person.awsSessions[0]).toMatchObject({
      roleArn: expect.any(String) as string,
      issuedAt: expect.any(String) as string,
      expiresAt: expect.any(String) as string,
    });
    expect(person.awsSessions[0]).toHaveProperty("revokedAt", null);
    expect(person.sessions.browser).toEqual([expect.objectContaining({ current: false })]);
    expect(JSON.stringify(person)).not.toMatch(/sessionToken|tokenHash|[0-9a-f]{64}/);
  });

  it("is refused for the admin themselves, and needs a reason", async () => {
    const adam = await makeUser("people-self-admin", ["aws-admins"]);
    const other = await makeUser("people-self-other", ["engineering"]);
    const e = await refusal(suspendPerson(adam, adam.userId, { reason: "oops" }));
    expect(e).toBeInstanceOf(ForbiddenError);
    expect((e as Error).message).toMatch(/cannot suspend yourself/);
    expect((await db().user.findUniqueOrThrow({ where: { id: adam.userId } })).status).toBe("active");
    expect(await lastAudit(adam.userId, "person.suspend")).toMatchObject({ outcome: "denied" });
    await expect(suspendPerson(adam, other.userId, { reason: " " })).rejects.toThrow(/at least 3 characters/);
    expect((await db().user.findUniqueOrThrow({ where: { id: other.userId } })).status).toBe("active");
  });
});

describe("reactivating", () => {
  it("lifts an admin's suspension, but never the identity provider's", async () => {
    const adam = await makeUser("people-react-admin", ["aws-admins"]);
    const carol = await makeUser("people-react-carol", ["engineering"]);
    await endAccess(systemCaller("scim"), carol.userId, { by: "scim", reason: "SCIM active:false" });
    const e = await refusal(reactivatePerson(adam, carol.userId));
    expect(e).toBeInstanceOf(ConflictError);
    expect((e as Error).message).toMatch(/identity provider \(SCIM\)/);
    expect((await db().user.findUniqueOrThrow({ where: { id: carol.userId } })).status).toBe("suspended");
    expect((await getPerson(adam, carol.userId)).suspendedBy).toBe("scim");

    // An admin may still suspend on top (and then only an admin lifts it).
    await suspendPerson(adam, carol.userId, { reason: "investigation" });
    expect((await getPerson(adam, carol.userId)).suspendedBy).toBe("admin");
    await expect(reactivatePerson(adam, carol.userId)).resolves.toEqual({ restored: true, status: "active" });

    // Deprovisioned by the IdP (SCIM delete) while an admin's suspension is on record: only the IdP brings them back.
    await suspendPerson(adam, carol.userId, { reason: "again" });
    await endAccess(systemCaller("scim"), carol.userId, { by: "scim", reason: "SCIM DELETE", deprovision: true });
    expect(await refusal(reactivatePerson(adam, carol.userId))).toBeInstanceOf(ConflictError);
    expect(await refusal(suspendPerson(adam, carol.userId, { reason: "once more" }))).toBeInstanceOf(ConflictError);
    expect((await db().user.findUniqueOrThrow({ where: { id: carol.userId } })).status).toBe("deprovisioned");
  });
});

describe("revoking AWS sessions", () => {
  it("an admin's revocation denies the person's live sessions and leaves their Keyless sessions", async () => {
    const adam = await makeUser("people-aws-admin", ["aws-admins"]);
    const dave = await makeUser("people-aws-dave", ["engineering"]);
    const cookie = await browserSession(dave);
    const creds = await issueCredentials(dave, { roleId: await roleId("SandboxDeveloper") });
    const { roles } = await revokePersonAwsSessions(adam, dave.userId, { reason: "suspicious use" });
    expect(roles).toEqual([{ roleArn: creds.roleArn, accountId: "111111111111", sessions: 1 }]);
    expect(await callerFromSessionToken(cookie, meta())).not.toBeNull();
    const seen = await getPerson(adam, dave.userId);
    expect(seen.awsSessions[0]?.revokedAt).not.toBeNull();
    expect(seen.revocations[0]).toMatchObject({ reason: "suspicious use", requestedBy: adam.email });
    // Nothing alive: nothing to revoke, and that is not an error.
    await expect(revokePersonAwsSessions(adam, dave.userId, {})).resolves.toEqual({ roles: [] });
  });
});

describe("a person's own sessions", () => {
  it("lists them with the asking browser marked, and Revoke all ends every one but nothing else", async () => {
    const mona = await makeUser("people-own-mona", ["engineering", "eng-managers"]);
    const erin = await makeUser("people-own-erin", ["engineering"]);
    const here = await browserSession(erin);
    const there = await browserSession(erin);
    const cli = await cliSignIn(erin);
    const creds = await issueCredentials(erin, { roleId: await roleId("SandboxDeveloper") });
    const pending = await createRoleAccessRequest(erin, {
      kind: "ROLE_ACCESS",
      roleId: await roleId("ProductionDeploy"),
      durationSeconds: 3600,
      justification: "people test: own sessions",
    });
    const monaCookie = await browserSession(mona);

    const mine = await getMySessions(erin, here);
    expect(mine.browser.map((b) => b.current).sort()).toEqual([false, true]);
    expect(mine.cli).toEqual([expect.objectContaining({ id: cli.session_id, status: "active" })]);
    expect(mine.awsSessions).toEqual([expect.objectContaining({ roleArn: creds.roleArn, revokedAt: null })]);

    const summary = await revokeAllMySessions(erin);
    expect(summary).toEqual({ browserSessions: 2, cliSessions: 1, deviceSignIns: 0, awsRolesRevoked: [creds.roleArn] });
    expect(await callerFromSessionToken(here, meta())).toBeNull();
    expect(await callerFromSessionToken(there, meta())).toBeNull();
    expect(await callerFromAccessToken(cli.access_token, meta())).toBeNull();
    const after = await getMySessions(erin, null);
    expect(after.awsSessions[0]?.revokedAt).not.toBeNull();
    expect(after.cli[0]?.status).toBe("revoked");
    expect(await db().awsSessionRevocation.count({ where: { userId: erin.userId, roleArn: creds.roleArn } })).toBe(1);
    // Their access is not ended: still active, the request still pending; mona untouched.
    expect((await db().user.findUniqueOrThrow({ where: { id: erin.userId } })).status).toBe("active");
    expect((await db().accessRequest.findUniqueOrThrow({ where: { id: pending.id } })).status).toBe("PENDING");
    expect(await callerFromSessionToken(monaCookie, meta())).not.toBeNull();
    expect(await lastAudit(erin.userId, "sessions.revoke_own")).toMatchObject({ outcome: "success" });
  });
});

describe("an integration whose owner left", () => {
  it("keeps its flag until someone whose access has not ended is named", async () => {
    const adam = await makeUser("people-owner-admin", ["aws-admins"]);
    const frank = await makeUser("people-owner-frank", ["engineering"]);
    const grace = await makeUser("people-owner-grace", ["engineering"]);
    const integration = await integrationOwnedBy(adam, frank.email);
    await suspendPerson(adam, frank.userId, { reason: "left the company" });
    const flagged = await db().integration.findUniqueOrThrow({ where: { id: integration.id }, select: { ownerNeedsReplacementAt: true } });
    expect(flagged.ownerNeedsReplacementAt).not.toBeNull();

    // Saving the form with the same (departed) owner keeps the flag, and its date.
    await updateIntegration(adam, integration.id, { ownerEmail: frank.email.toUpperCase(), name: integration.name });
    expect((await db().integration.findUniqueOrThrow({ where: { id: integration.id } })).ownerNeedsReplacementAt).toEqual(
      flagged.ownerNeedsReplacementAt,
    );
    const saved = await updateIntegration(adam, integration.id, { ownerEmail: grace.email });
    expect(saved.ownerNeedsReplacementAt).toBeNull();
    expect(saved.ownerEmail).toBe(grace.email);
    expect(await lastAudit(adam.userId, "integration.update")).toMatchObject({
      details: expect.objectContaining({ ownerReplaced: true }) as unknown,
    });
  });
});
