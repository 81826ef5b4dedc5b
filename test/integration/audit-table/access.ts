// Audit table rows for sessions, the CLI, credentials, accounts and role mappings, settings
// and people. Each cause runs the real DAL against Postgres and moto and returns the rows
// the log must now hold.
import { randomUUID } from "node:crypto";
import { createAccount, createRole, deleteAccount, deleteRole, updateAccount, updateRole } from "@/lib/accounts/manage";
import { systemCaller, type RequestMeta } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { signOutEverywhere } from "@/lib/auth/sign-out-everywhere";
import { approveDeviceRequest, denyDeviceRequest, exchangeDeviceCode, startDeviceAuthorization } from "@/lib/cli-auth/device";
import { refreshCliSession, revokeCliSession } from "@/lib/cli-auth/sessions";
import { addConsoleFavourite, removeConsoleFavourite } from "@/lib/console/favourites";
import { createConsoleUrl, issueCredentials } from "@/lib/credentials/issue";
import { db } from "@/lib/db";
import { currentRotationPolicy, updateRotationPolicy } from "@/lib/inventory/policy-store";
import { revokeMySessions } from "@/lib/lifecycle/revoke-sessions";
import { endAccess } from "@/lib/lifecycle/end-access";
import { setGroups } from "@/lib/lifecycle/groups";
import { reactivatePerson, revokePersonAwsSessions, suspendPerson } from "@/lib/people/manage";
import { makeUser, roleId } from "../helpers";
import { makeRole } from "../revocation-helpers";
import { on, refused, row, type AuditTable } from "./expect";

const cli = (): RequestMeta => ({ requestId: randomUUID(), ip: "192.0.2.77", userAgent: "keyless-cli/audit-table" });
const client = { client_name: "keyless CLI", client_version: "0.1.0", hostname: "audit-laptop", platform: "linux 6.1 x64" };
const admin = () => makeUser("audit-adam", ["aws-admins"]);
const engineer = () => makeUser("audit-alice", ["engineering"]);

async function cliSignIn() {
  const alice = await engineer();
  const start = await startDeviceAuthorization(client, cli());
  await approveDeviceRequest(alice, start.user_code);
  return { alice, tokens: await exchangeDeviceCode(start.device_code, cli()) };
}

/** A new AWS account (a 12-digit id starting with 9, unused by the sandbox). */
function accountInput() {
  const accountId = `9${randomUUID().replace(/\D/g, "").padEnd(11, "7").slice(0, 11)}`;
  return { accountId, name: `Audit ${accountId}`, description: "", inventoryRoleArn: "" };
}

export const accessCases = {
  "auth.sign_in": { e2e: "e2e/audit-sign-in.spec.ts" },
  "auth.sign_out": { e2e: "e2e/audit-sign-in.spec.ts" },
  "auth.sign_out_everywhere": {
    how: "a person signs out everywhere",
    cause: async () => {
      const alice = await engineer();
      await signOutEverywhere(alice);
      return [row(alice, "auth.sign_out_everywhere", "success")];
    },
  },
  "authz.denied": {
    how: "an engineer asks for an admin permission",
    cause: async () => {
      const alice = await engineer();
      await refused(requirePermission(alice, "settings.manage"));
      return [row(alice, "authz.denied", "denied")];
    },
  },
  "sessions.revoke_own": {
    how: "a person revokes all their own sessions",
    cause: async () => {
      const alice = await engineer();
      await revokeMySessions(alice);
      return [row(alice, "sessions.revoke_own", "success", on("user", alice.userId))];
    },
  },
  "cli.device.approve": {
    how: "a person approves a CLI sign-in code",
    cause: async () => {
      const alice = await engineer();
      const start = await startDeviceAuthorization(client, cli());
      await approveDeviceRequest(alice, start.user_code);
      const id = (await db().deviceAuthorization.findFirstOrThrow({ where: { userId: alice.userId }, select: { id: true } })).id;
      return [row(alice, "cli.device.approve", "success", on("device_authorization", id))];
    },
  },
  "cli.device.deny": {
    how: "a person denies a CLI sign-in code",
    cause: async () => {
      const alice = await engineer();
      const start = await startDeviceAuthorization(client, cli());
      await denyDeviceRequest(alice, start.user_code);
      const id = (await db().deviceAuthorization.findFirstOrThrow({ where: { userId: alice.userId }, select: { id: true } })).id;
      return [row(alice, "cli.device.deny", "success", on("device_authorization", id))];
    },
  },
  "cli.session.create": {
    how: "the CLI exchanges an approved device code",
    cause: async () => {
      const { alice, tokens } = await cliSignIn();
      return [row(alice, "cli.session.create", "success", on("cli_session", tokens.session_id))];
    },
  },
  "cli.session.refresh_reuse": {
    how: "a refresh token is used twice (refused, and the session ends)",
    cause: async () => {
      const { alice, tokens } = await cliSignIn();
      await refreshCliSession(tokens.refresh_token, cli());
      await refused(refreshCliSession(tokens.refresh_token, cli()));
      return [row(alice, "cli.session.refresh_reuse", "denied", on("cli_session", tokens.session_id))];
    },
  },
  "cli.session.revoke": {
    how: "a person revokes one of their CLI sessions",
    cause: async () => {
      const { alice, tokens } = await cliSignIn();
      await revokeCliSession(alice, tokens.session_id);
      return [row(alice, "cli.session.revoke", "success", on("cli_session", tokens.session_id))];
    },
  },
  "credentials.issue": {
    how: "credentials for a mapped role; then a role needing approval without a grant (refused)",
    cause: async () => {
      const alice = await engineer();
      const free = await db().awsRole.findFirstOrThrow({ where: { roleName: "SandboxDeveloper" }, select: { id: true, roleArn: true } });
      const gated = await db().awsRole.findFirstOrThrow({ where: { roleName: "ProductionDeploy" }, select: { id: true, roleArn: true } });
      await issueCredentials(alice, { roleId: free.id });
      await refused(issueCredentials(alice, { roleId: gated.id }));
      return [
        row(alice, "credentials.issue", "success", on("aws_role", free.roleArn)),
        row(alice, "credentials.issue", "denied", on("aws_role", gated.roleArn)),
      ];
    },
  },
  "console.open": {
    how: "a console link for a mapped role; then for a role not mapped to the person (refused)",
    cause: async () => {
      const alice = await engineer();
      const free = await db().awsRole.findFirstOrThrow({ where: { roleName: "SandboxDeveloper" }, select: { roleArn: true } });
      const unmapped = await makeRole();
      await createConsoleUrl(alice, { roleId: await roleId("SandboxDeveloper") });
      await refused(createConsoleUrl(alice, { roleId: unmapped.id }));
      return [
        row(alice, "console.open", "success", on("aws_role", free.roleArn)),
        row(alice, "console.open", "denied", on("aws_role", unmapped.arn)),
      ];
    },
  },
  "console.favourite.add": {
    how: "a person stars S3 in eu-west-1 for a role, then removes it",
    cause: async () => {
      const alice = await engineer();
      const role = await db().awsRole.findFirstOrThrow({ where: { roleName: "SandboxDeveloper" }, select: { id: true, roleArn: true } });
      const favourite = await addConsoleFavourite(alice, { roleId: role.id, service: "s3", region: "eu-west-1" });
      await removeConsoleFavourite(alice, { id: favourite.id });
      return [
        row(alice, "console.favourite.add", "success", on("aws_role", role.roleArn)),
        row(alice, "console.favourite.remove", "success", on("aws_role", role.roleArn)),
      ];
    },
  },
  "console.favourite.remove": { alongside: "console.favourite.add" },
  "account.create": {
    how: "an admin adds an AWS account",
    cause: async () => {
      const adam = await admin();
      const input = accountInput();
      const created = await createAccount(adam, input);
      await deleteAccount(adam, created.id); // no stray account for the inventory tests to sync
      return [row(adam, "account.create", "success", on("aws_account", input.accountId))];
    },
  },
  "account.update": {
    how: "an admin renames an AWS account",
    cause: async () => {
      const adam = await admin();
      const input = accountInput();
      const created = await createAccount(adam, input);
      await updateAccount(adam, created.id, { ...input, name: `${input.name} renamed` });
      await deleteAccount(adam, created.id);
      return [row(adam, "account.update", "success", on("aws_account", input.accountId))];
    },
  },
  "account.delete": {
    how: "an admin removes an AWS account",
    cause: async () => {
      const adam = await admin();
      const input = accountInput();
      const created = await createAccount(adam, input);
      await deleteAccount(adam, created.id);
      return [row(adam, "account.delete", "success", on("aws_account", input.accountId))];
    },
  },
  "role_mapping.create": {
    how: "an admin maps a role, changes the mapping and removes it",
    cause: async () => {
      const adam = await admin();
      const account = await db().awsAccount.findFirstOrThrow({ where: { accountId: "111111111111" }, select: { id: true } });
      const roleArn = `arn:aws:iam::111111111111:role/AuditTable-${randomUUID().slice(0, 8)}`;
      const input = { awsAccountId: account.id, roleArn, maxDurationSeconds: 3600, allowedGroups: ["audit-table"] };
      const created = await createRole(adam, input as Parameters<typeof createRole>[1]);
      await updateRole(adam, created.id, { ...input, maxDurationSeconds: 1800 } as Parameters<typeof updateRole>[2]);
      await deleteRole(adam, created.id);
      return (["role_mapping.create", "role_mapping.update", "role_mapping.delete"] as const).map((a) =>
        row(adam, a, "success", on("aws_role", roleArn)),
      );
    },
  },
  "settings.rotation_policy.update": {
    how: "an admin saves the rotation policy (unchanged values, so other tests see the same policy)",
    cause: async () => {
      const adam = await admin();
      await updateRotationPolicy(adam, await currentRotationPolicy());
      return [row(adam, "settings.rotation_policy.update", "success", on("setting", "inventory.rotation_policy"))];
    },
  },
  "person.suspend": {
    how: "an admin suspends a person; then tries to suspend themselves (refused)",
    cause: async () => {
      const adam = await admin();
      const alice = await engineer();
      await suspendPerson(adam, alice.userId, { reason: "left the company" });
      await refused(suspendPerson(adam, adam.userId, { reason: "oops" }));
      return [
        row(adam, "person.suspend", "success", on("user", alice.userId)),
        row(adam, "person.suspend", "denied", on("user", adam.userId)),
      ];
    },
  },
  "person.reactivate": {
    how: "an admin lifts their own suspension of a person",
    cause: async () => {
      const adam = await admin();
      const alice = await engineer();
      await suspendPerson(adam, alice.userId, { reason: "on leave" });
      await reactivatePerson(adam, alice.userId);
      return [row(adam, "person.reactivate", "success", on("user", alice.userId))];
    },
  },
  "person.idp_refused": {
    how: "the IdP refuses a person when their groups are re-read",
    cause: async () => {
      const alice = await engineer();
      const worker = systemCaller("idp-refresh");
      await endAccess(worker, alice.userId, { by: "idp", reason: "the IdP refused the refresh token" });
      return [row(worker, "person.idp_refused", "success", on("user", alice.userId))];
    },
  },
  "person.groups_change": {
    how: "a person's groups change",
    cause: async () => {
      const alice = await engineer();
      const scim = systemCaller("scim");
      await setGroups(scim, alice.userId, ["engineering", "audit-extra"], "scim");
      return [row(scim, "person.groups_change", "success", on("user", alice.userId))];
    },
  },
  "aws.sessions.revoke": {
    how: "an admin revokes a person's live AWS sessions",
    cause: async () => {
      const adam = await admin();
      const alice = await engineer();
      await revokePersonAwsSessions(adam, alice.userId, { reason: "laptop stolen" });
      return [row(adam, "aws.sessions.revoke", "success", on("user", alice.userId))];
    },
  },
} satisfies Partial<AuditTable>;
