import { describe, expect, it } from "vitest";
import { approveRequest } from "@/lib/approvals/decide";
import { activeGrant, revokeGrant } from "@/lib/approvals/grants";
import { createRoleAccessRequest } from "@/lib/approvals/requests";
import { withAudit } from "@/lib/audit/record";
import { systemCaller, type UserCaller } from "@/lib/auth/caller";
import { issueCredentials } from "@/lib/credentials/issue";
import { sessionNameFromEmail } from "@/lib/credentials/session-identity";
import { db } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { endAccess } from "@/lib/lifecycle/end-access";
import { setGroups } from "@/lib/lifecycle/groups";
import { applyRoleRevocations, rolesNeedingApply } from "@/lib/lifecycle/revocation-apply";
import { ceilToSecond, policySize, REVOCATION_POLICY_NAME, ROLE_INLINE_POLICY_QUOTA } from "@/lib/lifecycle/revocation-policy";
import { completePersonRevocation } from "@/lib/lifecycle/revocation-schedule";
import { revokeAwsSessionsOf, revokeMySessions } from "@/lib/lifecycle/revoke-sessions";
import { ALLOW_TEST_CALLS, decide, sessionContext } from "@/test/support/iam-simulator";
import { makeUser, whileAuditRefused } from "./helpers";
import { deleteIamRole, deniedBefore, inlinePolicy, makeRole, putInlinePolicy, type TestRole } from "./revocation-helpers";

// Revoking live AWS sessions end to end against Postgres and moto: the DAL records the
// revocation, the person job and the policy write run as the worker would run them (called
// directly here), and the policy is read back from IAM. Each test has its own people and
// roles, so other tests' revocations never reach the policies it reads.

const HOUR = 3_600_000;

async function issue(person: UserCaller, role: TestRole): Promise<Date> {
  await issueCredentials(person, { roleId: role.id });
  const session = await db().awsSession.findFirstOrThrow({
    where: { userId: person.userId, roleArn: role.arn },
    orderBy: { issuedAt: "desc" },
    select: { issuedAt: true },
  });
  return session.issuedAt;
}

/** Runs the person job for the latest revocation of this person, as the worker does. */
async function completeLatest(person: UserCaller, roleArns?: string[]) {
  const row = await db().awsSessionRevocation.findFirst({
    where: { userId: person.userId },
    orderBy: { revokedBefore: "desc" },
    select: { revokedBefore: true, reason: true, requestedBy: true },
  });
  const at = row?.revokedBefore ?? new Date();
  await completePersonRevocation({
    userId: person.userId,
    at,
    reason: row?.reason ?? "test",
    requestedBy: row?.requestedBy ?? "test",
    roleArns,
  });
  return at;
}

const admin = () => makeUser("adam", ["aws-admins"]);

describe("revoking a person's live AWS sessions", () => {
  it("a suspension denies the person's sessions from before it, on the role they used", async () => {
    const role = await makeRole();
    const alice = await makeUser("alice", [role.group]);
    const issuedAt = await issue(alice, role);

    const summary = await endAccess(await admin(), alice.userId, { by: "admin", reason: "left the company" });
    expect(summary.awsRoles).toEqual([{ roleArn: role.arn, accountId: role.accountId, sessions: 1 }]);
    await completeLatest(alice);
    const outcome = await applyRoleRevocations(role.arn);
    expect(outcome).toMatchObject({ action: "put", mode: "exact", people: 1 });

    const policy = await inlinePolicy(role);
    const moment = deniedBefore(policy, sessionNameFromEmail(alice.email));
    expect(moment).not.toBeNull();
    expect(moment!.getTime()).toBeGreaterThan(issuedAt.getTime());
    expect(policy!.Statement[0]).toMatchObject({ Effect: "Deny", Action: "*", Resource: "*" });

    // The policy IAM now holds, evaluated for the session Keyless issued: denied.
    const call = (sourceIdentity: string, issued: Date) =>
      decide({
        principal: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sourceIdentity}`,
        action: "s3:GetObject",
        resource: "arn:aws:s3:::data/report.csv",
        resourceAccount: role.accountId,
        context: sessionContext({ sourceIdentity, issuedAt: issued }),
        identityPolicies: [
          { name: "Role", policy: ALLOW_TEST_CALLS },
          { name: REVOCATION_POLICY_NAME, policy: policy! },
        ],
      });
    expect(await call(sessionNameFromEmail(alice.email), issuedAt)).toBe("ExplicitlyDenied");
    expect(await call("bob@example.com", issuedAt)).toBe("Allowed");

    const session = await db().awsSession.findFirstOrThrow({ where: { userId: alice.userId }, select: { revokedAt: true } });
    expect(session.revokedAt).not.toBeNull();
    const rows = await db().awsSessionRevocation.findMany({ where: { userId: alice.userId }, select: { appliedAt: true, error: true } });
    expect(rows).toEqual([{ appliedAt: expect.any(Date) as Date, error: null }]);
  });

  it("a policy write the audit log cannot record leaves its rows unapplied; the retry writes it again and records it", async () => {
    const role = await makeRole();
    const alice = await makeUser("alice", [role.group]);
    await issue(alice, role);
    await endAccess(await admin(), alice.userId, { by: "admin", reason: "left the company" });
    await completeLatest(alice);
    const entries = () => db().auditEvent.count({ where: { action: "aws.sessions.revoke_apply", targetId: role.arn } });

    await whileAuditRefused(() => expect(applyRoleRevocations(role.arn)).rejects.toThrow(/audit/i));
    const unapplied = await db().awsSessionRevocation.findMany({ where: { userId: alice.userId }, select: { appliedAt: true } });
    expect(unapplied).toEqual([{ appliedAt: null }]);
    expect(await entries()).toBe(0);
    // Still found by the prune's query once its grace is over, so a lost job is retried too.
    expect(await rolesNeedingApply(new Date(Date.now() + 10 * 60_000))).toContain(role.arn);

    expect(await applyRoleRevocations(role.arn)).toMatchObject({ action: "put", people: 1 });
    const applied = await db().awsSessionRevocation.findMany({ where: { userId: alice.userId }, select: { appliedAt: true } });
    expect(applied).toEqual([{ appliedAt: expect.any(Date) as Date }]);
    expect(await entries()).toBe(1);
    expect(deniedBefore(await inlinePolicy(role), sessionNameFromEmail(alice.email))).not.toBeNull();
  });

  it("two people revoked on one role share its policy (an admin's revoke, and someone's own)", async () => {
    const role = await makeRole({ maxDurationSeconds: 7200 });
    const alice = await makeUser("alice", [role.group]);
    const bob = await makeUser("bob", [role.group]);
    await issue(alice, role);
    await issue(bob, role);

    expect((await revokeAwsSessionsOf(await admin(), alice.userId, "suspicious activity")).map((r) => r.roleArn)).toEqual([role.arn]);
    expect((await revokeMySessions(bob)).awsRoles.map((r) => r.roleArn)).toEqual([role.arn]);
    await completeLatest(alice);
    await completeLatest(bob);
    await applyRoleRevocations(role.arn);

    const policy = await inlinePolicy(role);
    expect(deniedBefore(policy, sessionNameFromEmail(alice.email))).not.toBeNull();
    expect(deniedBefore(policy, sessionNameFromEmail(bob.email))).not.toBeNull();
    // Both stay active and may get new credentials, which the deny does not touch.
    const fresh = await issue(bob, role);
    expect(fresh.getTime()).toBeGreaterThanOrEqual(deniedBefore(policy, sessionNameFromEmail(bob.email))!.getTime());
  });

  it("on a role vended with the person's SSO token, the policy names their session name (no SourceIdentity there)", async () => {
    const role = await makeRole({ deliveryMode: "WEB_IDENTITY" });
    const lena = await makeUser("lena", [role.group]);
    // The issuance's record, as vending through AssumeRoleWithWebIdentity leaves it.
    const issuedAt = new Date(Date.now() - 60_000);
    await withAudit(
      lena,
      "credentials.issue",
      { type: "aws_role", id: role.arn },
      { details: { accountId: role.accountId, durationSeconds: 3600, deliveryMode: "WEB_IDENTITY", issuedAt: issuedAt.toISOString() } },
    );
    await revokeAwsSessionsOf(await admin(), lena.userId, "laptop lost");
    await completeLatest(lena);
    await applyRoleRevocations(role.arn);
    const policy = await inlinePolicy(role);
    expect(deniedBefore(policy, sessionNameFromEmail(lena.email), "session-name")!.getTime()).toBeGreaterThan(issuedAt.getTime());
    expect(deniedBefore(policy, sessionNameFromEmail(lena.email), "source-identity")).toBeNull();
  });

  it("a new session right after someone's own revocation waits out its second, so the deny spares it", async () => {
    const role = await makeRole();
    const carol = await makeUser("carol", [role.group]);
    await issue(carol, role);
    await revokeMySessions(carol);
    const at = (await db().awsSessionRevocation.findFirstOrThrow({ where: { userId: carol.userId } })).revokedBefore;
    const fresh = await issue(carol, role);
    expect(fresh.getTime()).toBeGreaterThanOrEqual(ceilToSecond(at.getTime()));
  });

  it("a group removal revokes only the sessions on the roles that group gave", async () => {
    const kept = await makeRole();
    const lost = await makeRole();
    const dave = await makeUser("dave", [kept.group, lost.group]);
    await issue(dave, kept);
    await issue(dave, lost);

    const change = await setGroups(systemCaller("scim"), dave.userId, [kept.group], "scim");
    expect(change.lostRoles).toEqual([lost.arn]);
    expect(change.awsRoles.map((r) => r.roleArn)).toEqual([lost.arn]);
    await completeLatest(dave, [lost.arn]);
    await applyRoleRevocations(lost.arn);
    await applyRoleRevocations(kept.arn);

    expect(deniedBefore(await inlinePolicy(lost), sessionNameFromEmail(dave.email))).not.toBeNull();
    expect(await inlinePolicy(kept)).toBeNull();
  });

  it("a revoked grant revokes the sessions on that role only", async () => {
    const approvalRole = await makeRole({ requiresApproval: true });
    const other = await makeRole();
    const erin = await makeUser("erin", [approvalRole.group, other.group]);
    const mona = await makeUser("mona", [approvalRole.group, "eng-managers"]);
    const request = await createRoleAccessRequest(erin, {
      kind: "ROLE_ACCESS",
      roleId: approvalRole.id,
      durationSeconds: 3600,
      justification: "Deploying the fix for INC-7",
    });
    await approveRequest(mona, request.id, "ok");
    const grant = await activeGrant(erin.userId, approvalRole.id);
    await issue(erin, approvalRole);
    await issue(erin, other);

    await revokeGrant(await admin(), grant!.id, "incident over");
    await completeLatest(erin, [approvalRole.arn]);
    await applyRoleRevocations(approvalRole.arn);
    await applyRoleRevocations(other.arn);

    expect(deniedBefore(await inlinePolicy(approvalRole), sessionNameFromEmail(erin.email))).not.toBeNull();
    expect(await inlinePolicy(other)).toBeNull();
  });

  it("the role's other inline policies count against IAM's quota: the revocations are compacted to fit", async () => {
    const role = await makeRole();
    const people = await Promise.all(["p1", "p2", "p3"].map((n) => makeUser(n, [role.group])));
    for (const p of people) await issue(p, role);
    // Another inline policy leaves 450 characters: one statement naming all three, not three.
    const base = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "Filler", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::x/" }],
    });
    const filler = base.replace('x/"', `x/${"a".repeat(ROLE_INLINE_POLICY_QUOTA - 450 - base.length)}"`);
    expect(policySize(filler)).toBe(ROLE_INLINE_POLICY_QUOTA - 450);
    await putInlinePolicy(role, "TeamData", filler);
    const adam = await admin();
    for (const p of people) {
      await revokeAwsSessionsOf(adam, p.userId, "key leaked in a screenshot");
      await completeLatest(p);
      await new Promise((r) => setTimeout(r, 1100)); // distinct moments, a second apart
    }
    const outcome = await applyRoleRevocations(role.arn);
    expect(outcome).toMatchObject({ action: "put", mode: "compacted", people: 3 });
    const ours = await inlinePolicy(role);
    const theirs = await inlinePolicy(role, "TeamData");
    expect(policySize(JSON.stringify(ours)) + policySize(JSON.stringify(theirs))).toBeLessThanOrEqual(ROLE_INLINE_POLICY_QUOTA);
    for (const p of people) expect(deniedBefore(ours, sessionNameFromEmail(p.email)), p.email).not.toBeNull();
  });

  it("entries that expired are removed, and the policy deleted when none is left", async () => {
    const role = await makeRole();
    const frank = await makeUser("frank", [role.group]);
    await issue(frank, role);
    await revokeAwsSessionsOf(await admin(), frank.userId, "laptop stolen");
    await completeLatest(frank);
    await applyRoleRevocations(role.arn);
    expect(await inlinePolicy(role)).not.toBeNull();

    const later = new Date(Date.now() + 13 * HOUR);
    expect(await rolesNeedingApply(later)).toContain(role.arn);
    expect(await applyRoleRevocations(role.arn, () => later)).toMatchObject({ action: "delete", cleared: 1 });
    expect(await inlinePolicy(role)).toBeNull();
    const row = await db().awsSessionRevocation.findFirstOrThrow({ where: { userId: frank.userId }, select: { clearedAt: true } });
    expect(row.clearedAt).toEqual(later);
    expect(await rolesNeedingApply(later)).not.toContain(role.arn);
  });

  it("a revocation of someone with no live session writes nothing", async () => {
    const role = await makeRole();
    const gina = await makeUser("gina", [role.group]);
    expect(await revokeAwsSessionsOf(await admin(), gina.userId, "precaution")).toEqual([]);
    await completeLatest(gina);
    expect(await db().awsSessionRevocation.count({ where: { userId: gina.userId } })).toBe(0);
    expect(await applyRoleRevocations(role.arn)).toMatchObject({ action: "none" });
    expect(await inlinePolicy(role)).toBeNull();
  });

  it("an issuance in flight at the revocation is caught by the person job, by AWS's issue time", async () => {
    const role = await makeRole();
    const hank = await makeUser("hank", [role.group]);
    await revokeAwsSessionsOf(await admin(), hank.userId, "precaution");
    const at = new Date();
    // STS answered a moment before the revocation; the audit entry arrives after it.
    await withAudit(
      hank,
      "credentials.issue",
      { type: "aws_role", id: role.arn },
      { details: { accountId: role.accountId, durationSeconds: 3600, issuedAt: new Date(at.getTime() - 2000).toISOString() } },
    );
    await completePersonRevocation({ userId: hank.userId, at, reason: "precaution", requestedBy: "test" });
    await applyRoleRevocations(role.arn);
    expect(deniedBefore(await inlinePolicy(role), sessionNameFromEmail(hank.email))).not.toBeNull();
  });

  it("a session issued on a lost role while the groups were changing is revoked as of the person job", async () => {
    const lost = await makeRole();
    const kim = await makeUser("kim", [lost.group]);
    const change = await setGroups(systemCaller("scim"), kim.userId, [], "scim");
    expect(change.lostRoles).toEqual([lost.arn]);
    expect(change.awsRoles).toEqual([]);
    const at = new Date();
    // The issuance read kim's old groups; STS answered just after the change was recorded.
    const issuedAt = new Date(at.getTime() + 1500);
    await withAudit(
      kim,
      "credentials.issue",
      { type: "aws_role", id: lost.arn },
      { details: { accountId: lost.accountId, durationSeconds: 3600, issuedAt: issuedAt.toISOString() } },
    );
    await completePersonRevocation(
      { userId: kim.userId, at, reason: "no longer in the group", requestedBy: "system:scim", roleArns: [lost.arn] },
      new Date(at.getTime() + 20_000),
    );
    await applyRoleRevocations(lost.arn);
    expect(deniedBefore(await inlinePolicy(lost), sessionNameFromEmail(kim.email))!.getTime()).toBeGreaterThan(issuedAt.getTime());
  });

  it("the database refuses to record an issuance for a suspended person (KL403): nothing is handed out", async () => {
    const role = await makeRole();
    const ivan = await makeUser("ivan", [role.group]);
    await endAccess(await admin(), ivan.userId, { by: "admin", reason: "left" });
    const write = withAudit(
      ivan,
      "credentials.issue",
      { type: "aws_role", id: role.arn },
      { details: { accountId: role.accountId, durationSeconds: 3600, temporaryAccessKeyId: "ASIAEXAMPLE" } },
    );
    await expect(write).rejects.toBeInstanceOf(ForbiddenError);
    await expect(write).rejects.toMatchObject({ status: 403 });
    expect(await db().awsSession.count({ where: { userId: ivan.userId } })).toBe(0);
    await expect(issueCredentials(ivan, { roleId: role.id })).rejects.toMatchObject({ status: 403 });
  });

  it("a role that no longer exists in IAM settles its entries instead of retrying forever", async () => {
    const role = await makeRole();
    const judy = await makeUser("judy", [role.group]);
    await issue(judy, role);
    await deleteIamRole(role);
    await revokeAwsSessionsOf(await admin(), judy.userId, "offboarding");
    await completeLatest(judy);

    expect(await applyRoleRevocations(role.arn)).toMatchObject({ action: "role-gone" });
    const row = await db().awsSessionRevocation.findFirstOrThrow({
      where: { userId: judy.userId },
      select: { clearedAt: true, error: true },
    });
    expect(row.clearedAt).not.toBeNull();
    expect(row.error).toMatch(/no longer exists/);
    expect(await rolesNeedingApply(new Date(Date.now() + 10 * 60_000))).not.toContain(role.arn);
    expect(await applyRoleRevocations(role.arn)).toMatchObject({ action: "none" });
  });
});
