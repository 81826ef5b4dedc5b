import { randomUUID } from "node:crypto";
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, describe, expect, it } from "vitest";
import { approveRequest } from "@/lib/approvals/decide";
import { createExternalAccessRequest } from "@/lib/approvals/external";
import { countPendingForDecider, createRoleAccessRequest, getRequest, listRequests } from "@/lib/approvals/requests";
import { createRule, deleteRule, listRules, updateRule } from "@/lib/approvals/approver-rules";
import { listUsableRoles } from "@/lib/credentials/role-list";
import { can } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { deliver } from "@/lib/notify/deliver";
import { lastAudit, makeUser, motoUrl } from "./helpers";
import { targetFixture } from "./rotation-helpers";
import { iamIn } from "../../scripts/sandbox/aws-clients";

// Approver rules scoped to a role or an account (issue 12 §3), against Postgres. Each test
// scopes its rules to a role (or account) of its own, so the seed's global rule (anyone
// requests, eng-managers approve) keeps applying everywhere else.

const inboxUrl = process.env.KEYLESS_TEST_INBOX_URL ?? "";

async function production() {
  return db().awsAccount.findUniqueOrThrow({ where: { accountId: "222222222222" }, select: { id: true, accountId: true } });
}

/**
 * A role of its own, in IAM too, with a narrow read policy: the policy analysis rates its
 * requests low, so one approver decides them (this file is about who that approver is).
 */
async function freshRole(accountId?: { id: string; accountId: string }) {
  const account = accountId ?? (await production());
  const roleName = `RulesTest${randomUUID().slice(0, 8)}`;
  const iam = await iamIn(motoUrl, account.accountId);
  await iam.send(
    new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }),
  );
  const read = { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::rules-test-artifacts/*" };
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: "read-artifacts",
      PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [read] }),
    }),
  );
  iam.destroy();
  return remember(
    db().awsRole.create({
      data: {
        awsAccountId: account.id,
        roleName,
        roleArn: `arn:aws:iam::${account.accountId}:role/${roleName}`,
        requiresApproval: true,
        allowedGroups: ["engineering", "sre"],
      },
      select: { id: true, roleName: true, roleArn: true },
    }),
  );
}

// The roles this file makes go when it ends: other files count the roles a group gives.
const made: string[] = [];
async function remember<T extends { id: string }>(role: Promise<T>): Promise<T> {
  const r = await role;
  made.push(r.id);
  return r;
}
afterAll(async () => {
  await db().grant.deleteMany({ where: { awsRoleId: { in: made } } });
  await db().accessRequest.deleteMany({ where: { awsRoleId: { in: made } } });
  await db().awsRole.deleteMany({ where: { id: { in: made } } });
});

async function freshAccount() {
  const accountId = `7${String(Math.floor(Math.random() * 1e11)).padStart(11, "0")}`;
  return db().awsAccount.create({ data: { accountId, name: `Rules ${accountId}` }, select: { id: true, accountId: true, name: true } });
}

const ask = (who: Awaited<ReturnType<typeof makeUser>>, roleId: string) =>
  createRoleAccessRequest(who, { kind: "ROLE_ACCESS", roleId, durationSeconds: 3600, justification: "Deploying the fix for INC-42" });

async function mailFor(email: string, subject: RegExp) {
  const mail = (await (await fetch(`${inboxUrl}/messages.json`)).json()) as { to: string[]; subject: string }[];
  return mail.filter((m) => m.to.includes(email) && subject.test(m.subject));
}

/** The dashboard badge's count (its own lean statement) is the length of the approvals list. */
async function expectBadgeAgrees(...people: Awaited<ReturnType<typeof makeUser>>[]) {
  for (const p of people) {
    const listed = can(p, "requests.decide") ? await listRequests(p, { scope: "to-decide", limit: 200 }) : [];
    expect(await countPendingForDecider(p), p.email).toBe(listed.length);
  }
}

describe("approver rules per role and account", () => {
  it("a rule on a role replaces the global one: its approvers decide, the seed's managers no longer, admins always", async () => {
    const adam = await makeUser("adam", ["aws-admins"]);
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const rita = await makeUser("rita", ["eng-managers", "release-managers"]);
    const role = await freshRole();
    const before = await ask(alice, role.id);
    expect((await getRequest(mona, before.id)).canDecide).toBe(true);

    const rule = await createRule(adam, {
      scope: { type: "role", roleId: role.id },
      requesterGroups: ["engineering"],
      approverGroups: ["release-managers"],
    });
    expect(rule.scope).toMatchObject({ type: "role", roleName: role.roleName, accountId: "222222222222" });
    const audit = await lastAudit(adam.userId, "approval_rule.create");
    expect(audit?.details).toMatchObject({
      after: { scope: role.roleArn, requesterGroups: ["engineering"], approverGroups: ["release-managers"] },
    });

    const r = await ask(alice, role.id);
    await expectBadgeAgrees(mona, rita, adam, alice);
    await expect(approveRequest(mona, r.id, "ok")).rejects.toThrow(/not an approver/);
    expect((await listRequests(mona, { scope: "to-decide", limit: 200 })).map((x) => x.id)).not.toContain(r.id);
    expect((await listRequests(rita, { scope: "to-decide", limit: 200 })).map((x) => x.id)).toContain(r.id);
    expect((await approveRequest(rita, r.id, "release approved")).status).toBe("APPROVED");
    // An admin may always decide, rule or not.
    expect((await approveRequest(adam, before.id, "admin")).status).toBe("APPROVED");
    // Other roles keep the seed's rule: mona still approves there.
    expect((await getRequest(mona, (await ask(alice, (await freshRole()).id)).id)).canDecide).toBe(true);
  });

  it("refuses people the rules do not name as requesters, says who may, and audits it; the credentials page says so", async () => {
    const adam = await makeUser("adam", ["aws-admins"]);
    const alice = await makeUser("alice", ["engineering"]);
    const sam = await makeUser("sam", ["sre"]);
    const role = await freshRole();
    await createRule(adam, { scope: { type: "role", roleId: role.id }, requesterGroups: ["sre"], approverGroups: ["eng-managers"] });

    const refused = await ask(alice, role.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).message).toBe(
      `You can't request ${role.roleName}: the approval rules let only members of sre request it.`,
    );
    expect(await db().accessRequest.count({ where: { requesterId: alice.userId } })).toBe(0);
    const denied = await lastAudit(alice.userId, "request.create");
    expect(denied).toMatchObject({ outcome: "denied", targetType: "aws_role", targetId: role.roleArn });

    const listed = (await listUsableRoles(alice)).find((r) => r.id === role.id);
    expect(listed).toMatchObject({ canRequest: false, requesterGroups: ["sre"] });
    expect((await listUsableRoles(sam)).find((r) => r.id === role.id)?.canRequest).toBe(true);
    expect((await ask(sam, role.id)).status).toBe("PENDING");
  });

  it("an account rule covers the account's roles; a rule on one of them beats it; rules can be edited and removed", async () => {
    const adam = await makeUser("adam", ["aws-admins"]);
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const account = await freshAccount();
    const [plain, special] = [await freshRole(account), await freshRole(account)];
    const accountRule = await createRule(adam, {
      scope: { type: "account", accountId: account.accountId },
      kind: "ROLE_ACCESS",
      requesterGroups: ["sre"],
      approverGroups: ["sre-leads"],
    });
    await createRule(adam, { scope: { type: "role", roleId: special.id }, requesterGroups: ["*"], approverGroups: ["eng-managers"] });
    await expect(ask(alice, plain.id)).rejects.toThrow(/only members of sre/);
    const r = await ask(alice, special.id);
    expect((await getRequest(mona, r.id)).canDecide).toBe(true);

    // Editing the account rule to name engineering lets alice ask; removing it falls back to the global rule.
    const edited = await updateRule(adam, accountRule.id, { requesterGroups: ["sre", "engineering"] });
    expect(edited.requesterGroups).toEqual(["sre", "engineering"]);
    expect((await lastAudit(adam.userId, "approval_rule.update"))?.details).toMatchObject({
      before: { requesterGroups: ["sre"] },
      after: { requesterGroups: ["sre", "engineering"] },
    });
    const asked = await ask(alice, plain.id);
    expect((await getRequest(mona, asked.id)).canDecide).toBe(false);
    await deleteRule(adam, accountRule.id);
    expect((await getRequest(mona, asked.id)).canDecide).toBe(true);
    expect((await listRules(adam)).some((x) => x.id === accountRule.id)).toBe(false);
  });

  it("external-service requests follow their account's rules", async () => {
    const adam = await makeUser("adam", ["aws-admins"]);
    const alice = await makeUser("alice", ["engineering"]);
    const dana = await makeUser("dana", ["data"]);
    const account = await freshAccount();
    await createRule(adam, {
      scope: { type: "account", accountId: account.accountId },
      kind: "EXTERNAL_ACCESS",
      requesterGroups: ["data"],
      approverGroups: ["data-leads"],
    });
    const fixture = await targetFixture("webhook");
    const body = {
      kind: "EXTERNAL_ACCESS" as const,
      serviceName: `Rules ${fixture.name}`,
      accountId: account.accountId,
      targetType: fixture.type,
      targetSettings: fixture.settings,
      targetToken: fixture.token ?? undefined,
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      justification: "The data pipeline reads its bucket",
      ownerEmail: "dana@example.com",
    };
    await expect(createExternalAccessRequest(alice, body)).rejects.toThrow(`external-service access in ${account.name}`);
    expect((await createExternalAccessRequest(dana, body)).status).toBe("PENDING");
    await expectBadgeAgrees(
      adam,
      await makeUser("lena", ["data-leads", "eng-managers"]),
      await makeUser("mona", ["engineering", "eng-managers"]),
    );
  });

  it("notifies the applicable rule's approvers, and admins only when there are none", async () => {
    const adam = await makeUser("adam", ["aws-admins"]);
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const rita = await makeUser("rita", ["eng-managers", "release-managers"]);
    const role = await freshRole();
    await createRule(adam, { scope: { type: "role", roleId: role.id }, requesterGroups: ["*"], approverGroups: ["release-managers"] });
    const r = await ask(alice, role.id);
    await deliver({ event: "request.created", requestId: r.id });
    expect(await mailFor(rita.email, /^Approval needed/)).toHaveLength(1);
    expect(await mailFor(mona.email, /^Approval needed/)).toHaveLength(0);
    expect(await mailFor(adam.email, /^Approval needed/)).toHaveLength(0);

    // A rule whose approver group has nobody in it: admins are asked instead.
    const lonely = await freshRole();
    await createRule(adam, {
      scope: { type: "role", roleId: lonely.id },
      requesterGroups: ["*"],
      approverGroups: [`nobody-${randomUUID()}`],
    });
    const r2 = await ask(alice, lonely.id);
    await deliver({ event: "request.created", requestId: r2.id });
    expect((await mailFor(adam.email, /^Approval needed/)).length).toBeGreaterThan(0);
  });

  it("refuses bad rules with a clear message, and non-admins", async () => {
    const adam = await makeUser("adam", ["aws-admins"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const role = await freshRole();
    await expect(createRule(mona, { scope: { type: "global" }, requesterGroups: ["*"], approverGroups: ["x"] })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(createRule(adam, { scope: { type: "global" }, requesterGroups: [], approverGroups: ["x"] })).rejects.toThrow(
      /requester group/,
    );
    await expect(createRule(adam, { scope: { type: "global" }, requesterGroups: ["*"], approverGroups: ["*"] })).rejects.toThrow(
      /named groups/,
    );
    await expect(
      createRule(adam, {
        scope: { type: "role", roleId: role.id },
        kind: "EXTERNAL_ACCESS",
        requesterGroups: ["*"],
        approverGroups: ["x"],
      }),
    ).rejects.toThrow();
    await expect(
      createRule(adam, { scope: { type: "role", roleId: "nosuchrole" }, requesterGroups: ["*"], approverGroups: ["x"] }),
    ).rejects.toThrow(/No such role/);
    expect(await db().approvalRule.count({ where: { awsRoleId: role.id } })).toBe(0);
  });
});
