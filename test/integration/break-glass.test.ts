import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { activateBreakGlass } from "@/lib/approvals/break-glass";
import { listBreakGlassToReview, reviewBreakGlass } from "@/lib/approvals/break-glass-review";
import { listGrants, revokeGrant } from "@/lib/approvals/grants";
import { createRule } from "@/lib/approvals/approver-rules";
import { issueCredentials } from "@/lib/credentials/issue";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { deliver } from "@/lib/notify/deliver";
import { lastAudit, makeUser, roleId } from "./helpers";
import { standins } from "./targets-helpers";

// Break-glass (issue 12 §4) against Postgres, moto and the mail and Slack stand-ins:
// activation gives credentials at once, everyone who approves is told, and the use
// awaits a review by someone else who approves the role.

const inboxUrl = process.env.KEYLESS_TEST_INBOX_URL ?? "";
const WHY = "INC-911: checkout is down, rolling back the release";

async function mailFor(email: string, subject: RegExp) {
  const mail = (await (await fetch(`${inboxUrl}/messages.json`)).json()) as { to: string[]; subject: string; text: string }[];
  return mail.filter((m) => m.to.includes(email) && subject.test(m.subject));
}

/** A break-glass role of the test's own in Production (not in moto: for rules and reviews, not issuance). */
async function breakGlassRole() {
  const account = await db().awsAccount.findUniqueOrThrow({ where: { accountId: "222222222222" }, select: { id: true } });
  const roleName = `BreakGlassTest${randomUUID().slice(0, 8)}`;
  return db().awsRole.create({
    data: {
      awsAccountId: account.id,
      roleName,
      roleArn: `arn:aws:iam::222222222222:role/${roleName}`,
      requiresApproval: true,
      breakGlass: true,
      breakGlassMaxSeconds: 1800,
      allowedGroups: ["engineering"],
    },
    select: { id: true, roleArn: true },
  });
}

describe("break-glass", () => {
  it("an allowed engineer activates it at once and gets credentials, capped to the grant; everyone who approves is told", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const adam = await makeUser("adam", ["aws-admins"]);
    const id = await roleId("ProductionBreakGlass");
    await expect(issueCredentials(alice, { roleId: id })).rejects.toBeInstanceOf(ForbiddenError);

    const slackBefore = (await standins.state()).slack.length;
    const grant = await activateBreakGlass(alice, id, { justification: WHY });
    expect(grant).toMatchObject({ breakGlass: true, justification: WHY, reviewedAt: null, requestId: null });
    const lasts = grant.expiresAt.getTime() - Date.now();
    expect(lasts).toBeGreaterThan(3590_000);
    expect(lasts).toBeLessThanOrEqual(3600_000);

    const creds = await issueCredentials(alice, { roleId: id, durationSeconds: 3600 });
    expect(creds.roleArn).toBe("arn:aws:iam::222222222222:role/ProductionBreakGlass");
    expect(creds.durationSeconds).toBeLessThanOrEqual(3600);
    expect((await lastAudit(alice.userId, "credentials.issue"))?.details).toMatchObject({ grantId: grant.id });
    expect((await lastAudit(alice.userId, "grant.break_glass"))?.details).toMatchObject({
      justification: WHY,
      durationSeconds: 3600,
      roleArn: creds.roleArn,
    });
    // One live activation at a time.
    await expect(activateBreakGlass(alice, id, { justification: WHY })).rejects.toBeInstanceOf(ConflictError);

    await deliver({ event: "grant.break_glass", grantId: grant.id });
    for (const who of [mona, adam]) {
      const [mail] = await mailFor(who.email, /^Break-glass: alice activated ProductionBreakGlass in Production/);
      expect(mail?.text).toContain(`Why (in their words): “${WHY}”`);
    }
    expect(await mailFor(alice.email, /^Break-glass/)).toHaveLength(0);
    const slack = (await standins.state()).slack.slice(slackBefore).map((m) => JSON.stringify(m.payload));
    expect(slack.some((m) => m.includes(alice.email) && m.includes("ProductionBreakGlass"))).toBe(true);
  });

  it("refuses, and audits, a short justification, a role the person may not use, a role that is not break-glass", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const sam = await makeUser("sam", ["sales"]);
    const id = await roleId("ProductionBreakGlass");
    await expect(activateBreakGlass(alice, id, { justification: "prod is down" })).rejects.toThrow(/at least 20 characters/);
    await expect(activateBreakGlass(sam, id, { justification: WHY })).rejects.toBeInstanceOf(NotFoundError);
    expect((await lastAudit(sam.userId, "grant.break_glass"))?.outcome).toBe("denied");
    await expect(activateBreakGlass(alice, await roleId("ProductionDeploy"), { justification: WHY })).rejects.toThrow(
      /not marked break-glass/,
    );
    expect(await lastAudit(alice.userId, "grant.break_glass")).toMatchObject({
      outcome: "denied",
      targetId: "arn:aws:iam::222222222222:role/ProductionDeploy",
    });
    await expect(activateBreakGlass(alice, id, { justification: WHY, durationSeconds: 7200 })).rejects.toThrow(/at most 1 h/);
    expect(await db().grant.count({ where: { userId: { in: [alice.userId, sam.userId] } } })).toBe(0);
  });

  it("is reviewed by a manager or admin other than the user, once, and stays listed until then", async () => {
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const max = await makeUser("max", ["engineering", "eng-managers"]);
    const alice = await makeUser("alice", ["engineering"]);
    const adam = await makeUser("adam", ["aws-admins"]);
    const role = await breakGlassRole();
    const grant = await activateBreakGlass(mona, role.id, { justification: WHY });
    expect(grant.expiresAt.getTime() - grant.startsAt.getTime()).toBe(1800_000);

    expect((await listBreakGlassToReview(max)).map((g) => g.id)).toContain(grant.id);
    expect((await listBreakGlassToReview(mona)).map((g) => g.id)).not.toContain(grant.id);
    expect((await listGrants(adam, "all", { awaitingReview: true })).map((g) => g.id)).toContain(grant.id);
    await expect(reviewBreakGlass(mona, grant.id, { comment: "all fine" })).rejects.toThrow(/Nobody reviews their own/);
    await expect(reviewBreakGlass(alice, grant.id, { comment: "all fine" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reviewBreakGlass(max, grant.id, { comment: "" })).rejects.toThrow(/needs a comment/);
    expect(await lastAudit(mona.userId, "grant.review")).toMatchObject({ outcome: "denied" });
    // The database refuses a self-review too.
    await expect(
      db().grant.update({ where: { id: grant.id }, data: { reviewedById: mona.userId, reviewedAt: new Date(), reviewComment: "x" } }),
    ).rejects.toThrow();

    const reviewed = await reviewBreakGlass(max, grant.id, { comment: "Checked CloudTrail: only the rollback" });
    expect(reviewed).toMatchObject({ reviewComment: "Checked CloudTrail: only the rollback", reviewedBy: { email: max.email } });
    expect((await lastAudit(max.userId, "grant.review"))?.details).toMatchObject({ user: mona.email, roleArn: role.roleArn });
    await expect(reviewBreakGlass(adam, grant.id, { comment: "me too" })).rejects.toThrow(/already reviewed by max/);
    expect((await listGrants(adam, "all", { awaitingReview: true })).map((g) => g.id)).not.toContain(grant.id);
    expect((await listBreakGlassToReview(adam)).map((g) => g.id)).not.toContain(grant.id);
  });

  it("the role's approver rules decide who is told and who reviews; a revoked or ended use is still owed a review", async () => {
    const adam = await makeUser("adam", ["aws-admins"]);
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const rita = await makeUser("rita", ["eng-managers", "sre-leads"]);
    const role = await breakGlassRole();
    // Only sre may request this role; that does not change who may break glass (its groups do).
    await createRule(adam, { scope: { type: "role", roleId: role.id }, requesterGroups: ["sre"], approverGroups: ["sre-leads"] });
    const grant = await activateBreakGlass(alice, role.id, { justification: WHY });
    await revokeGrant(adam, grant.id, "incident over");

    await deliver({ event: "grant.break_glass", grantId: grant.id });
    const subject = new RegExp(`^Break-glass: alice activated ${role.roleArn.split("/")[1]}`);
    expect(await mailFor(rita.email, subject)).toHaveLength(1);
    expect(await mailFor(adam.email, subject)).toHaveLength(1);
    expect(await mailFor(mona.email, subject)).toHaveLength(0);

    expect((await listBreakGlassToReview(rita)).map((g) => g.id)).toContain(grant.id);
    await expect(reviewBreakGlass(mona, grant.id, { comment: "looks fine" })).rejects.toThrow(/do not approve this role/);
    expect((await reviewBreakGlass(rita, grant.id, { comment: "Rolled back, fine" })).reviewedAt).not.toBeNull();
  });
});
