// Seeds moto with the sandbox's AWS side: in each demo account, the roles Keyless vends
// (with the trust policy, MaxSessionDuration and permissions a real account would have:
// DEMO_ROLE_POLICIES, read back by the request risk analysis), the inventory
// and rotation roles with the trust and permissions Keyless generates for them (moto
// evaluates neither; they are there as a real account would have them), and IAM users with
// long-lived keys of many ages (back-dated: moto cannot). Idempotent.
import {
  AttachRolePolicyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { revocationPermissions } from "../../lib/accounts/rotation-permissions";
import { inventoryPermissions, inventoryTrustPolicy, rotationTrustPolicy, trustPolicyFor } from "../../lib/accounts/trust-policy";
import { DEMO_ACCOUNTS, DEMO_ROLE_POLICIES, DEMO_ROLES, INVENTORY_ROLE_NAME, ROTATION_ROLE_NAME, roleArn } from "../../prisma/demo-data";
import { DEMO_IAM_USERS, demoKeyId } from "../../prisma/demo-iam";
import { hubSts, iamIn } from "./aws-clients";

const DAY_MS = 86_400_000;

async function roleExists(iam: IAMClient, roleName: string): Promise<boolean> {
  return iam.send(new GetRoleCommand({ RoleName: roleName })).then(
    () => true,
    (e: unknown) => {
      if (e instanceof NoSuchEntityException) return false;
      throw e;
    },
  );
}

/** The demo's IAM users and keys, through the sandbox's bulk endpoint (keeps key ids stable). */
export async function seedIamUsers(endpoint: string, accountId: string, now = Date.now()): Promise<void> {
  const users = DEMO_IAM_USERS.filter((u) => u.accountId === accountId).map((user) => ({
    userName: user.userName,
    tags: {
      ...(user.owner ? { owner: user.owner } : {}),
      ...(user.team ? { team: user.team } : {}),
      ...(user.kind ? { kind: user.kind } : {}),
    },
    createDate: new Date(now - (Math.max(...user.keys.map((k) => k.ageDays)) + 1) * DAY_MS).toISOString(),
    keys: user.keys.map((key, i) => ({
      accessKeyId: demoKeyId(user, i),
      status: key.inactive ? "Inactive" : "Active",
      createDate: new Date(now - key.ageDays * DAY_MS).toISOString(),
      lastUsed:
        key.usedDaysAgo === null
          ? null
          : {
              date: new Date(now - key.usedDaysAgo * DAY_MS).toISOString(),
              service: key.service ?? "s3",
              region: key.region ?? "us-east-1",
            },
    })),
  }));
  const res = await fetch(`${endpoint}/_sandbox/iam/users`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ accountId, users }),
  });
  if (!res.ok) throw new Error(`seeding IAM users in ${accountId} failed: ${res.status} ${await res.text()}`);
}

/** The role's managed and inline policies (attaching twice, or putting again, changes nothing). */
async function seedRolePolicies(iam: IAMClient, roleName: string): Promise<void> {
  const policies = DEMO_ROLE_POLICIES[roleName];
  for (const arn of policies?.managed ?? []) await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
  if (policies?.inline) {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: policies.inline.name,
        PolicyDocument: JSON.stringify(policies.inline.document),
      }),
    );
  }
}

/** The rotation role, with the session-revocation permissions scoped to the account's vended roles. */
async function seedRotationRole(iam: IAMClient, accountId: string, serverPrincipalArn: string): Promise<void> {
  if (!(await roleExists(iam, ROTATION_ROLE_NAME))) {
    await iam.send(
      new CreateRoleCommand({
        RoleName: ROTATION_ROLE_NAME,
        AssumeRolePolicyDocument: rotationTrustPolicy(serverPrincipalArn),
        Description: "Keyless key rotation, provisioning and session revocation",
      }),
    );
  }
  const permissions = revocationPermissions(accountId, DEMO_ROLES.filter((r) => r.accountId === accountId).map(roleArn));
  if (permissions) {
    await iam.send(
      new PutRolePolicyCommand({ RoleName: ROTATION_ROLE_NAME, PolicyName: "KeylessRevokeSessions", PolicyDocument: permissions }),
    );
  }
}

/** The sandbox IdP, which web-identity roles trust (AWS: an IAM OIDC provider in the role's account). */
export interface SandboxOidc {
  issuer: string;
  clientId: string;
}

/**
 * Registers the IdP as an IAM OIDC provider, as an admin does once per account. The sandbox's
 * AssumeRoleWithWebIdentity (sandbox_web_identity.py) accepts only ID tokens from a registered
 * issuer, for one of its client ids, signed with the issuer's published keys. The thumbprint is
 * a placeholder: the sandbox IdP serves plain HTTP, so there is no certificate to pin.
 */
async function seedOidcProvider(iam: IAMClient, oidc: SandboxOidc): Promise<void> {
  await iam
    .send(new CreateOpenIDConnectProviderCommand({ Url: oidc.issuer, ClientIDList: [oidc.clientId], ThumbprintList: ["0".repeat(40)] }))
    .catch((e: unknown) => {
      if (!(e instanceof EntityAlreadyExistsException)) throw e;
    });
}

export async function seedAws(endpoint: string, oidc: SandboxOidc): Promise<void> {
  const server = await hubSts(endpoint).send(new GetCallerIdentityCommand({}));
  const serverPrincipalArn = server.Arn ?? "arn:aws:iam::123456789012:root";
  for (const account of DEMO_ACCOUNTS) {
    const iam = await iamIn(endpoint, account.accountId);
    await seedOidcProvider(iam, oidc);
    for (const role of DEMO_ROLES.filter((r) => r.accountId === account.accountId)) {
      if (await roleExists(iam, role.roleName)) continue;
      const policy =
        role.deliveryMode === "ASSUME_ROLE"
          ? trustPolicyFor({ mode: "ASSUME_ROLE", serverPrincipalArn })
          : trustPolicyFor({
              mode: "WEB_IDENTITY",
              accountId: account.accountId,
              oidcIssuer: oidc.issuer,
              clientId: oidc.clientId,
            });
      await iam.send(
        new CreateRoleCommand({
          RoleName: role.roleName,
          AssumeRolePolicyDocument: policy,
          MaxSessionDuration: role.maxDurationSeconds,
          Description: role.description,
        }),
      );
    }
    for (const role of DEMO_ROLES.filter((r) => r.accountId === account.accountId)) await seedRolePolicies(iam, role.roleName);
    if (!(await roleExists(iam, INVENTORY_ROLE_NAME))) {
      await iam.send(
        new CreateRoleCommand({
          RoleName: INVENTORY_ROLE_NAME,
          AssumeRolePolicyDocument: inventoryTrustPolicy(serverPrincipalArn),
          Description: "Keyless key inventory (read-only)",
        }),
      );
    }
    // Always: a sandbox made before the inventory role's permissions grew gets the new ones.
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: INVENTORY_ROLE_NAME,
        PolicyName: "KeylessInventoryRead",
        PolicyDocument: inventoryPermissions(),
      }),
    );
    await seedRotationRole(iam, account.accountId, serverPrincipalArn);
    iam.destroy();
    await seedIamUsers(endpoint, account.accountId);
  }
}
