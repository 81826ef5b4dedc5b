// Audit table rows for access requests, decisions, grants, break-glass, approver rules and
// provisioning. People are made afresh for each case, so the request limits and the one
// live grant per person and role never carry over from another case.
import { randomUUID } from "node:crypto";
import { reviewBreakGlass } from "@/lib/approvals/break-glass-review";
import { activateBreakGlass } from "@/lib/approvals/break-glass";
import { approveRequest, denyRequest } from "@/lib/approvals/decide";
import { expireDue } from "@/lib/approvals/expiry";
import { createExternalAccessRequest } from "@/lib/approvals/external";
import { revokeGrant } from "@/lib/approvals/grants";
import { runProvisioning } from "@/lib/approvals/provisioning";
import { cancelRequest, createRoleAccessRequest } from "@/lib/approvals/requests";
import { reanalyseRequest } from "@/lib/approvals/risk";
import { createRule, deleteRule, updateRule } from "@/lib/approvals/approver-rules";
import { systemCaller, type UserCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { makeUser, roleId } from "../helpers";
import { makeRole } from "../revocation-helpers";
import { ACCOUNT, targetFixture } from "../rotation-helpers";
import { on, refused, row, type AuditTable } from "./expect";

const WHY = "Audit table: deploying the fix for INC-42";
const people = async () => ({
  alice: await makeUser("audit-alice", ["engineering"]),
  mona: await makeUser("audit-mona", ["engineering", "eng-managers"]),
  adam: await makeUser("audit-adam", ["aws-admins"]),
});

async function roleRequest(who: UserCaller) {
  return createRoleAccessRequest(who, {
    kind: "ROLE_ACCESS",
    roleId: await roleId("ProductionDeploy"),
    durationSeconds: 3600,
    justification: WHY,
  });
}

async function externalRequest(who: UserCaller, managedPolicyArns: string[]) {
  const fixture = await targetFixture("webhook");
  return createExternalAccessRequest(who, {
    kind: "EXTERNAL_ACCESS",
    serviceName: `Audit ${fixture.name}`,
    accountId: ACCOUNT,
    targetType: fixture.type,
    targetSettings: fixture.settings,
    targetToken: fixture.token ?? undefined,
    managedPolicyArns,
    justification: WHY,
    ownerEmail: who.email,
    rotationIntervalDays: 30,
  });
}

const grantOf = async (requestId: string) => (await db().grant.findFirstOrThrow({ where: { requestId }, select: { id: true } })).id;

export const requestCases = {
  "request.create": {
    how: "an engineer requests a role; then a role the approval rules keep from them (refused)",
    cause: async () => {
      const { alice, adam } = await people();
      const created = await roleRequest(alice);
      const role = await makeRole({ requiresApproval: true });
      const rule = await createRule(adam, {
        scope: { type: "role", roleId: role.id },
        requesterGroups: ["sre"],
        approverGroups: ["eng-managers"],
      });
      const outsider = await makeUser("audit-outsider", ["engineering", role.group]);
      try {
        await refused(
          createRoleAccessRequest(outsider, { kind: "ROLE_ACCESS", roleId: role.id, durationSeconds: 3600, justification: WHY }),
        );
      } finally {
        await deleteRule(adam, rule.id);
      }
      return [
        row(alice, "request.create", "success", on("access_request", created.id)),
        row(outsider, "request.create", "denied", on("aws_role", role.arn)),
      ];
    },
  },
  "request.analyse": {
    how: "the risk job reads a pending request's policies again",
    cause: async () => {
      const { alice } = await people();
      const request = await externalRequest(alice, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
      const job = systemCaller("risk-analysis");
      await reanalyseRequest(job, request.id);
      return [row(job, "request.analyse", "success", on("access_request", request.id))];
    },
  },
  "request.approve": {
    how: "a manager approves; a critical request approved from Slack (refused)",
    cause: async () => {
      const { alice, mona } = await people();
      const r = await roleRequest(alice);
      await approveRequest(mona, r.id, "go ahead");
      const critical = await externalRequest(alice, ["arn:aws:iam::aws:policy/AdministratorAccess"]);
      await refused(approveRequest({ ...mona, via: "slack" }, critical.id, "from Slack"));
      return [
        row(mona, "request.approve", "success", on("access_request", r.id)),
        row(mona, "request.approve", "denied", on("access_request", critical.id)),
      ];
    },
  },
  "request.deny": {
    how: "a manager denies a request",
    cause: async () => {
      const { alice, mona } = await people();
      const r = await roleRequest(alice);
      await denyRequest(mona, r.id, "not now");
      return [row(mona, "request.deny", "success", on("access_request", r.id))];
    },
  },
  "request.decide": {
    how: "a manager tries to approve their own request (refused)",
    cause: async () => {
      const { mona } = await people();
      const own = await roleRequest(mona);
      await refused(approveRequest(mona, own.id, "self-service"));
      return [row(mona, "request.decide", "denied", on("access_request", own.id))];
    },
  },
  "request.cancel": {
    how: "the requester withdraws a pending request",
    cause: async () => {
      const { alice } = await people();
      const r = await roleRequest(alice);
      await cancelRequest(alice, r.id);
      return [row(alice, "request.cancel", "success", on("access_request", r.id))];
    },
  },
  "request.expire": {
    how: "a pending request passes its expiry",
    cause: async () => {
      const { alice } = await people();
      const r = await roleRequest(alice);
      await db().accessRequest.update({ where: { id: r.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await expireDue(new Date());
      return [row("system:approvals-expiry", "request.expire", "success", on("access_request", r.id))];
    },
  },
  "provisioning.queue": {
    how: "an approved external-service request is queued for provisioning, and provisioned",
    cause: async () => {
      const { alice, mona } = await people();
      const r = await externalRequest(alice, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
      await approveRequest(mona, r.id, "ok");
      await runProvisioning(r.id, false);
      return [
        row(mona, "provisioning.queue", "success", on("access_request", r.id)),
        row("system:provisioning", "provisioning.step", "success", on("access_request", r.id)),
      ];
    },
  },
  "grant.create": {
    how: "approving a role request grants it; approving a second one while it lasts extends it",
    cause: async () => {
      const { alice, mona } = await people();
      const first = await roleRequest(alice);
      await approveRequest(mona, first.id, "ok");
      const grantId = await grantOf(first.id);
      const second = await roleRequest(alice);
      await approveRequest(mona, second.id, "longer");
      const extended = (await db().grant.findFirst({ where: { requestId: second.id }, select: { id: true } }))?.id ?? grantId;
      return [row(mona, "grant.create", "success", on("grant", grantId)), row(mona, "grant.extend", "success", on("grant", extended))];
    },
  },
  "grant.expire": {
    how: "a granted role passes its end",
    cause: async () => {
      const { alice, mona } = await people();
      const r = await roleRequest(alice);
      await approveRequest(mona, r.id, "ok");
      const grantId = await grantOf(r.id);
      await db().grant.update({ where: { id: grantId }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await expireDue(new Date());
      return [row("system:approvals-expiry", "grant.expire", "success", on("grant", grantId))];
    },
  },
  "grant.revoke": {
    how: "an admin revokes a live grant",
    cause: async () => {
      const { alice, mona, adam } = await people();
      const r = await roleRequest(alice);
      await approveRequest(mona, r.id, "ok");
      const grantId = await grantOf(r.id);
      await revokeGrant(adam, grantId, "incident over");
      return [row(adam, "grant.revoke", "success", on("grant", grantId))];
    },
  },
  "grant.break_glass": {
    how: "an engineer activates break-glass; then again while it is live (refused)",
    cause: async () => {
      const { alice } = await people();
      const role = await db().awsRole.findFirstOrThrow({
        where: { roleName: "ProductionBreakGlass" },
        select: { id: true, roleArn: true },
      });
      const grant = await activateBreakGlass(alice, role.id, { justification: WHY });
      await refused(activateBreakGlass(alice, role.id, { justification: WHY }));
      return [
        row(alice, "grant.break_glass", "success", on("grant", grant.id)),
        row(alice, "grant.break_glass", "denied", on("aws_role", role.roleArn)),
      ];
    },
  },
  "grant.review": {
    how: "a manager reviews a break-glass use; a second review (refused)",
    cause: async () => {
      const { alice, mona, adam } = await people();
      const grant = await activateBreakGlass(alice, await roleId("ProductionBreakGlass"), { justification: WHY });
      await reviewBreakGlass(mona, grant.id, { comment: "checked the incident" });
      await refused(reviewBreakGlass(adam, grant.id, { comment: "me too" }));
      return [row(mona, "grant.review", "success", on("grant", grant.id)), row(adam, "grant.review", "denied", on("grant", grant.id))];
    },
  },
  "approval_rule.create": {
    how: "an admin adds, edits and removes an approver rule",
    cause: async () => {
      const { adam } = await people();
      const role = await makeRole({ requiresApproval: true });
      const rule = await createRule(adam, {
        scope: { type: "role", roleId: role.id },
        requesterGroups: ["*"],
        approverGroups: ["eng-managers"],
      });
      await updateRule(adam, rule.id, { requesterGroups: [`audit-${randomUUID().slice(0, 6)}`] });
      await deleteRule(adam, rule.id);
      return (["approval_rule.create", "approval_rule.update", "approval_rule.delete"] as const).map((a) =>
        row(adam, a, "success", on("approval_rule", rule.id)),
      );
    },
  },
} satisfies Partial<AuditTable>;
