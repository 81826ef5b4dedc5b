// Audit table rows for SCIM (through its route handlers, as the IdP calls them) and the
// revocation of live AWS sessions.
import { randomUUID } from "node:crypto";
import { issueCredentials } from "@/lib/credentials/issue";
import { db } from "@/lib/db";
import { applyRoleRevocations } from "@/lib/lifecycle/revocation-apply";
import { completePersonRevocation } from "@/lib/lifecycle/revocation-schedule";
import { revokePersonAwsSessions } from "@/lib/people/manage";
import { makeUser } from "../helpers";
import { makeRole } from "../revocation-helpers";
import { GROUP_SCHEMA, oktaUser, patchOp, scim } from "../scim-client";
import { on, row, type AuditTable } from "./expect";

const SCIM = "system:scim";

async function provisioned(): Promise<string> {
  const created = await scim("POST", "/Users", oktaUser(`audit.scim-${randomUUID().slice(0, 8)}@example.com`));
  if (created.status !== 201) throw new Error(`SCIM POST /Users: ${created.status} ${JSON.stringify(created.body)}`);
  return String(created.body.id);
}

async function groupWith(member: string): Promise<string> {
  const body = { schemas: [GROUP_SCHEMA], displayName: `audit-${randomUUID().slice(0, 8)}`, members: [{ value: member }] };
  const created = await scim("POST", "/Groups", body);
  if (created.status !== 201) throw new Error(`SCIM POST /Groups: ${created.status} ${JSON.stringify(created.body)}`);
  return String(created.body.id);
}

async function expectStatus(answer: Promise<{ status: number; body: unknown }>, status: number, what: string) {
  const { status: got, body } = await answer;
  if (got !== status) throw new Error(`${what}: ${got} ${JSON.stringify(body)}`);
}

export const peopleCases = {
  "person.provision": {
    how: "the IdP creates a person over SCIM",
    cause: async () => {
      const id = await provisioned();
      return [row(SCIM, "person.provision", "success", on("user", id))];
    },
  },
  "person.update": {
    how: "the IdP changes a person's name over SCIM",
    cause: async () => {
      const id = await provisioned();
      await expectStatus(
        scim("PATCH", `/Users/${id}`, patchOp({ op: "replace", path: "displayName", value: "Renamed Person" })),
        200,
        "PATCH",
      );
      return [row(SCIM, "person.update", "success", on("user", id))];
    },
  },
  "person.deactivate": {
    how: "the IdP sets active:false over SCIM",
    cause: async () => {
      const id = await provisioned();
      await expectStatus(scim("PATCH", `/Users/${id}`, patchOp({ op: "replace", path: "active", value: false })), 200, "PATCH");
      return [row(SCIM, "person.deactivate", "success", on("user", id))];
    },
  },
  "person.deprovision": {
    how: "the IdP deletes a person in a group over SCIM: they leave their groups, then their access ends",
    cause: async () => {
      const id = await provisioned();
      await groupWith(id);
      await expectStatus(scim("DELETE", `/Users/${id}`), 204, "DELETE");
      return [row(SCIM, "scim.groups_leave", "success", on("user", id)), row(SCIM, "person.deprovision", "success", on("user", id))];
    },
  },
  "scim.group_create": {
    how: "the IdP creates a group, adds a member, and deletes the group",
    cause: async () => {
      const first = await provisioned();
      const second = await provisioned();
      const group = await groupWith(first);
      await expectStatus(
        scim("PATCH", `/Groups/${group}`, patchOp({ op: "add", path: "members", value: [{ value: second }] })),
        204,
        "PATCH",
      );
      await expectStatus(scim("DELETE", `/Groups/${group}`), 204, "DELETE");
      return (["scim.group_create", "scim.group_update", "scim.group_delete"] as const).map((a) =>
        row(SCIM, a, "success", on("scim_group", group)),
      );
    },
  },
  "scim.auth_denied": {
    how: "a SCIM call with a wrong bearer token (refused)",
    cause: async () => {
      const ip = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
      await expectStatus(scim("GET", "/Users", undefined, { token: "not-the-scim-token", ip }), 401, "GET");
      return [row(SCIM, "scim.auth_denied", "denied")];
    },
  },
  "aws.sessions.revoke_apply": {
    how: "the worker writes the deny policy on the role a revoked person used",
    cause: async () => {
      const role = await makeRole();
      const alice = await makeUser("audit-alice", [role.group]);
      const adam = await makeUser("audit-adam", ["aws-admins"]);
      await issueCredentials(alice, { roleId: role.id });
      await revokePersonAwsSessions(adam, alice.userId, { reason: "laptop stolen" });
      const revocation = await db().awsSessionRevocation.findFirstOrThrow({
        where: { userId: alice.userId },
        orderBy: { revokedBefore: "desc" },
        select: { revokedBefore: true, reason: true, requestedBy: true },
      });
      await completePersonRevocation({
        userId: alice.userId,
        at: revocation.revokedBefore,
        reason: revocation.reason,
        requestedBy: revocation.requestedBy,
      });
      await applyRoleRevocations(role.arn);
      return [row("system:aws-revocations", "aws.sessions.revoke_apply", "success", on("aws_role", role.arn))];
    },
  },
} satisfies Partial<AuditTable>;
