import { describe, expect, it } from "vitest";
import { approveRequest, denyRequest } from "@/lib/approvals/decide";
import { expireDue } from "@/lib/approvals/expiry";
import { activeGrant, revokeGrant } from "@/lib/approvals/grants";
import { cancelRequest, createRoleAccessRequest, listRequests } from "@/lib/approvals/requests";
import { issueCredentials } from "@/lib/credentials/issue";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { deliver } from "@/lib/notify/deliver";
import { makeUser, roleId, whileAuditRefused } from "./helpers";

const inboxUrl = process.env.KEYLESS_TEST_INBOX_URL ?? "";

async function request(alice: Awaited<ReturnType<typeof makeUser>>, hours = 2) {
  return createRoleAccessRequest(alice, {
    kind: "ROLE_ACCESS",
    roleId: await roleId("ProductionDeploy"),
    durationSeconds: hours * 3600,
    justification: "Deploying the fix for INC-42",
  });
}

/** Alice's request, approved by mona, and its grant moved to a second ago: ended, not yet announced. */
async function endedGrant() {
  const alice = await makeUser("alice", ["engineering"]);
  const mona = await makeUser("mona", ["engineering", "eng-managers"]);
  await approveRequest(mona, (await request(alice)).id, "");
  const grant = (await activeGrant(alice.userId, await roleId("ProductionDeploy")))!;
  await db().grant.update({ where: { id: grant.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  return { alice, grant };
}

describe("role access requests", () => {
  it("approval creates a grant that lets the requester get credentials, capped to the grant", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const r = await request(alice, 1);
    await expect(issueCredentials(alice, { roleId: await roleId("ProductionDeploy") })).rejects.toBeInstanceOf(ForbiddenError);

    expect((await listRequests(mona, { scope: "to-decide", limit: 200 })).map((x) => x.id)).toContain(r.id);
    const approved = await approveRequest(mona, r.id, "go ahead");
    expect(approved.status).toBe("APPROVED");
    const grant = await activeGrant(alice.userId, await roleId("ProductionDeploy"));
    expect(grant).not.toBeNull();

    const creds = await issueCredentials(alice, { roleId: await roleId("ProductionDeploy"), durationSeconds: 3600 });
    expect(creds.durationSeconds).toBeLessThanOrEqual(3600);
    expect(creds.durationSeconds).toBeGreaterThan(3500);
    const audit = await db().auditEvent.findFirst({
      where: { actorId: alice.userId, action: "credentials.issue", outcome: "success" },
      orderBy: { id: "desc" },
    });
    expect(audit?.details).toMatchObject({ grantId: grant?.id });
  });

  it("nobody decides their own request, and engineers decide nothing", async () => {
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const alice = await makeUser("alice", ["engineering"]);
    const own = await request(mona);
    await expect(approveRequest(mona, own.id, "")).rejects.toThrow(/own request/);
    await expect(approveRequest(alice, own.id, "")).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listRequests(mona, { scope: "to-decide", limit: 200 })).map((x) => x.id)).not.toContain(own.id);
    const row = await db().accessRequest.findUniqueOrThrow({ where: { id: own.id } });
    expect(row.status).toBe("PENDING");
    expect(row.decidedById).toBeNull();
    // The database refuses it too.
    await expect(db().accessRequest.update({ where: { id: own.id }, data: { decidedById: mona.userId } })).rejects.toThrow();
  });

  it("a second approval for the same role extends the grant instead of failing", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    await approveRequest(mona, (await request(alice, 1)).id, "");
    const first = await activeGrant(alice.userId, await roleId("ProductionDeploy"));
    await approveRequest(mona, (await request(alice, 8)).id, "");
    const second = await activeGrant(alice.userId, await roleId("ProductionDeploy"));
    expect(second?.id).toBe(first?.id);
    expect(second!.expiresAt.getTime() - first!.expiresAt.getTime()).toBeGreaterThan(6.9 * 3600_000);
    expect(await db().grant.count({ where: { userId: alice.userId } })).toBe(1);
  });

  it("two approvers at once give one decision", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const adam = await makeUser("adam", ["aws-admins"]);
    const r = await request(alice);
    const results = await Promise.allSettled([approveRequest(mona, r.id, ""), denyRequest(adam, r.id, "")]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((x) => x.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(ConflictError);
  });

  it("grants expire: issuance refuses at once, and the job announces it", async () => {
    const { alice, grant } = await endedGrant();
    await expect(issueCredentials(alice, { roleId: await roleId("ProductionDeploy") })).rejects.toThrow(/requires approval/);
    const result = await expireDue(new Date());
    expect(result.grants).toBeGreaterThanOrEqual(1);
    expect((await db().grant.findUniqueOrThrow({ where: { id: grant.id } })).expiredNoticeAt).not.toBeNull();
    expect((await expireDue(new Date())).grants).toBe(0);
  });

  it("an expiry the audit log cannot record is not marked done: the next run finds it and records it", async () => {
    const { alice, grant } = await endedGrant();
    const stale = await request(alice);
    await db().accessRequest.update({ where: { id: stale.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const entries = (id: string) => db().auditEvent.count({ where: { targetId: id, action: { in: ["grant.expire", "request.expire"] } } });

    await whileAuditRefused(() => expect(expireDue(new Date())).rejects.toThrow(/audit/i));
    expect((await db().accessRequest.findUniqueOrThrow({ where: { id: stale.id } })).status).toBe("PENDING");
    expect((await db().grant.findUniqueOrThrow({ where: { id: grant.id } })).expiredNoticeAt).toBeNull();

    const result = await expireDue(new Date());
    expect(result.requests).toBeGreaterThanOrEqual(1);
    expect(result.grants).toBeGreaterThanOrEqual(1);
    expect((await db().accessRequest.findUniqueOrThrow({ where: { id: stale.id } })).status).toBe("EXPIRED");
    expect(await entries(stale.id)).toBe(1);
    expect(await entries(grant.id)).toBe(1);
  });

  it("a grant about to end gives no session it would outlive", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    await approveRequest(mona, (await request(alice)).id, "");
    const grant = await activeGrant(alice.userId, await roleId("ProductionDeploy"));
    await db().grant.update({ where: { id: grant!.id }, data: { expiresAt: new Date(Date.now() + 5 * 60_000) } });
    await expect(issueCredentials(alice, { roleId: await roleId("ProductionDeploy") })).rejects.toThrow(/shortest AWS session/);
  });

  it("pending requests expire, and can be cancelled by the requester only", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const bob = await makeUser("bob", ["engineering"]);
    const r = await request(alice);
    await expect(cancelRequest(bob, r.id)).rejects.toThrow(/not found/);
    const stale = await request(alice);
    await db().accessRequest.update({ where: { id: stale.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expireDue(new Date());
    expect((await db().accessRequest.findUniqueOrThrow({ where: { id: stale.id } })).status).toBe("EXPIRED");
    expect((await cancelRequest(alice, r.id)).status).toBe("CANCELLED");
  });

  it("an admin can revoke a grant early", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const adam = await makeUser("adam", ["aws-admins"]);
    await approveRequest(mona, (await request(alice)).id, "");
    const grant = await activeGrant(alice.userId, await roleId("ProductionDeploy"));
    await expect(revokeGrant(mona, grant!.id, "")).rejects.toBeInstanceOf(ForbiddenError);
    await revokeGrant(adam, grant!.id, "incident over");
    expect(await activeGrant(alice.userId, await roleId("ProductionDeploy"))).toBeNull();
  });

  it("tells the requester and every eligible approver, by email, once", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const r = await request(alice);
    await deliver({ event: "request.created", requestId: r.id });
    await approveRequest(mona, r.id, "ok");
    await deliver({ event: "request.approved", requestId: r.id });
    await deliver({ event: "request.approved", requestId: r.id });
    const mail = (await (await fetch(`${inboxUrl}/messages.json`)).json()) as { to: string[]; subject: string }[];
    const approvalNeeded = mail.filter((m) => m.subject.startsWith("Approval needed") && m.subject.includes("alice"));
    expect(approvalNeeded.some((m) => m.to.includes(mona.email))).toBe(true);
    expect(approvalNeeded.some((m) => m.to.includes(alice.email))).toBe(false);
    const approved = mail.filter((m) => m.subject.startsWith("Approved") && (m.to.includes(alice.email) || m.to.includes(mona.email)));
    expect(approved.filter((m) => m.to.includes(alice.email))).toHaveLength(1);
    expect(approved.filter((m) => m.to.includes(mona.email))).toHaveLength(1);
  });
});
