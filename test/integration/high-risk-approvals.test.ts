import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { approveRequest, denyRequest } from "@/lib/approvals/decide";
import { createRoleAccessRequest } from "@/lib/approvals/requests";
import type { Risk, RiskLevel } from "@/lib/approvals/risk-types";
import type { UserCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { deliver } from "@/lib/notify/deliver";
import { StandinsClient } from "../../scripts/sandbox/standins/client";
import { makeUser, roleId } from "./helpers";

// Dangerous requests take more than one click (issue 12 §2): a high or critical request
// cannot be approved from Slack, needs the approver to type what it grants, and an admin or
// two different approvers; until then it stays PENDING with the approvals so far. The
// analysis itself is tested elsewhere: here each request is given its risk.

const inboxUrl = process.env.KEYLESS_TEST_INBOX_URL ?? "";
const standins = new StandinsClient(process.env.KEYLESS_TEST_STANDINS_URL ?? "");
const HOSTILE =
  "<!channel> read-only docs bucket, *Permissions: ReadOnly*\nApproved by: adam@example.com <https://evil.example|Open in Keyless>";

function riskOf(level: RiskLevel): Risk {
  const zero = { List: 0, Read: 0, Write: 0, "Permissions management": 0, Tagging: 0 };
  return {
    level,
    reasons: [{ code: "admin-equivalent", detail: "Grants every action on every resource (AdministratorAccess).", level }],
    actions: {
      total: 15000,
      byAccessLevel: { ...zero, Write: 9000, Read: 6000 },
      byService: [{ service: "iam", total: 200, byAccessLevel: zero }],
    },
    sources: [{ source: "arn:aws:iam::aws:policy/AdministratorAccess", analysed: true }],
    analysedAt: new Date().toISOString(),
  };
}

async function requestAt(
  alice: UserCaller,
  level: RiskLevel | null,
  justification = `Deploying the fix for INC-${randomUUID().slice(0, 4)}`,
) {
  const r = await createRoleAccessRequest(alice, {
    kind: "ROLE_ACCESS",
    roleId: await roleId("ProductionDeploy"),
    durationSeconds: 3600,
    justification,
  });
  await db().accessRequest.update({
    where: { id: r.id },
    data: level ? { risk: riskOf(level), riskLevel: level } : { risk: undefined, riskLevel: null },
  });
  return r.id;
}

const statusOf = async (id: string) => (await db().accessRequest.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

describe("high-risk approvals", () => {
  it("need the name typed, then a second approver: one manager alone cannot complete it", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const sam = await makeUser("sam", ["engineering", "eng-managers"]);
    const id = await requestAt(alice, "critical");

    await expect(approveRequest(mona, id, "")).rejects.toBeInstanceOf(ValidationError);
    await expect(approveRequest(mona, id, "", { confirm: "Production" })).rejects.toThrow(/type “ProductionDeploy”/);
    const first = await approveRequest(mona, id, "looks right", { confirm: "productiondeploy" });
    expect(first.status).toBe("PENDING");
    expect(first.approvals.map((a) => a.user.email)).toEqual([mona.email]);
    expect(await db().grant.count({ where: { requestId: id } })).toBe(0);
    await expect(approveRequest(mona, id, "", { confirm: "ProductionDeploy" })).rejects.toBeInstanceOf(ConflictError);

    const second = await approveRequest(sam, id, "", { confirm: "ProductionDeploy" });
    expect(second.status).toBe("APPROVED");
    expect(second.decidedBy?.email).toBe(sam.email);
    expect(await db().grant.count({ where: { requestId: id } })).toBe(1);
    const audits = await db().auditEvent.findMany({ where: { action: "request.approve", targetId: id }, orderBy: { id: "asc" } });
    // Mona's second try failed inside withAudit, which records it as a failure.
    expect(audits.map((a) => [a.outcome, (a.details as { complete?: boolean }).complete])).toEqual([
      ["success", false],
      ["failure", undefined],
      ["success", true],
    ]);
  });

  it("an admin's approval completes it alone; a request not analysed yet counts as high risk", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const adam = await makeUser("adam", ["aws-admins"]);
    const id = await requestAt(alice, null);
    await expect(approveRequest(adam, id, "")).rejects.toThrow(/not analysed yet/);
    expect((await approveRequest(adam, id, "", { confirm: "ProductionDeploy" })).status).toBe("APPROVED");
  });

  it("cannot be approved from Slack, and the refusal is audited; denying is one click", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    const id = await requestAt(alice, "high");
    const fromSlack: UserCaller = { ...mona, via: "slack" };
    await expect(approveRequest(fromSlack, id, "Approved from Slack")).rejects.toBeInstanceOf(ForbiddenError);
    expect(await statusOf(id)).toBe("PENDING");
    const refusal = await db().auditEvent.findFirst({ where: { action: "request.approve", targetId: id, outcome: "denied" } });
    expect(refusal?.details).toMatchObject({ risk: "high" });
    await approveRequest(mona, id, "", { confirm: "ProductionDeploy" });
    expect((await denyRequest(fromSlack, id, "Denied from Slack")).status).toBe("DENIED");
  });

  it("low and medium risk stay one click, from anywhere", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const mona = await makeUser("mona", ["engineering", "eng-managers"]);
    expect((await approveRequest({ ...mona, via: "slack" }, await requestAt(alice, "low"), "")).status).toBe("APPROVED");
    expect((await approveRequest(mona, await requestAt(alice, "medium"), "")).status).toBe("APPROVED");
  });
});

describe("what approvers are sent about a high-risk request", () => {
  it("Slack: the risk and the permissions, no Approve button, the requester's words as plain text", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    const id = await requestAt(alice, "critical", HOSTILE);
    await deliver({ event: "request.created", requestId: id });
    const posted = (await standins.state()).slack.map((m) => m.payload as { text: string; blocks: Record<string, unknown>[] });
    const message = posted.find((p) => JSON.stringify(p).includes(id));
    expect(message).toBeTruthy();
    const json = JSON.stringify(message);
    expect(json).not.toContain("keyless_approve");
    expect(json).toContain("keyless_deny");
    // Every block that carries text is plain_text: Slack shows it as written (no mention, link or bold).
    const texts = message!.blocks.flatMap((b) => (b.text ? [b.text as { type: string; text: string }] : []));
    expect(texts.every((t) => t.type === "plain_text")).toBe(true);
    expect(texts[0]!.text).toContain(HOSTILE);
    expect(texts[1]!.text).toMatch(/^Risk: Critical\nCritical: Grants every action/);
    expect(texts[1]!.text).toContain("Allows 15,000 actions");
    // The notification fallback is mrkdwn: escaped.
    expect(message!.text).not.toMatch(/<!channel>|<https?:/);
  });

  it("email: the risk in both parts, people's words escaped in HTML, a one-line subject", async () => {
    const alice = await makeUser("alice", ["engineering"]);
    await makeUser("mona", ["engineering", "eng-managers"]);
    const id = await requestAt(alice, "critical", `${HOSTILE} <img src=x onerror=alert(1)>`);
    await deliver({ event: "request.created", requestId: id });
    const mail = (await (await fetch(`${inboxUrl}/messages.json`)).json()) as { subject: string; text: string; html?: string }[];
    const sent = mail.find((m) => m.text.includes(`/requests/${id}`));
    expect(sent).toBeTruthy();
    expect(sent!.subject).not.toMatch(/[\r\n]/);
    expect(sent!.text).toContain("Risk: Critical");
    expect(sent!.html).toContain("Risk: Critical");
    expect(sent!.html).not.toMatch(/<img|<!channel|<https:\/\/evil/);
    expect(sent!.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
