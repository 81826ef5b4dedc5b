import { randomUUID } from "node:crypto";
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRolePolicyCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { trustPolicyFor } from "@/lib/accounts/trust-policy";
import { db } from "@/lib/db";
import { REVOCATION_POLICY_NAME } from "@/lib/lifecycle/revocation-policy";
import { iamIn } from "../../scripts/sandbox/aws-clients";
import { motoUrl } from "./helpers";

// A role of its own for each test (in moto and mapped in Keyless to a group of its own), so
// that revocations from other tests never land in the policy a test reads.

export type TestRole = { id: string; arn: string; name: string; group: string; accountId: string };

export async function makeRole(
  options: {
    accountId?: string;
    requiresApproval?: boolean;
    maxDurationSeconds?: number;
    deliveryMode?: "ASSUME_ROLE" | "WEB_IDENTITY";
  } = {},
): Promise<TestRole> {
  const accountId = options.accountId ?? "111111111111";
  const suffix = randomUUID().slice(0, 8);
  const name = `RevokeTest-${suffix}`;
  const group = `revoke-test-${suffix}`;
  const arn = `arn:aws:iam::${accountId}:role/${name}`;
  const iam = await iamIn(motoUrl, accountId);
  await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: trustPolicyFor({ mode: "ASSUME_ROLE", serverPrincipalArn: "arn:aws:iam::123456789012:root" }),
      MaxSessionDuration: options.maxDurationSeconds ?? 3600,
    }),
  );
  iam.destroy();
  const account = await db().awsAccount.findFirstOrThrow({ where: { accountId }, select: { id: true } });
  const role = await db().awsRole.create({
    data: {
      awsAccountId: account.id,
      roleName: name,
      roleArn: arn,
      allowedGroups: [group],
      maxDurationSeconds: options.maxDurationSeconds ?? 3600,
      requiresApproval: options.requiresApproval ?? false,
      deliveryMode: options.deliveryMode ?? "ASSUME_ROLE",
    },
    select: { id: true },
  });
  return { id: role.id, arn, name, group, accountId };
}

/** The role's inline policy as moto holds it, parsed; null when it has none of that name. */
export async function inlinePolicy(role: TestRole, policyName = REVOCATION_POLICY_NAME): Promise<RevocationDocument | null> {
  const iam = await iamIn(motoUrl, role.accountId);
  try {
    const out = await iam.send(new GetRolePolicyCommand({ RoleName: role.name, PolicyName: policyName }));
    return JSON.parse(decodeURIComponent(out.PolicyDocument ?? "")) as RevocationDocument;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return null;
    throw error;
  } finally {
    iam.destroy();
  }
}

export async function putInlinePolicy(role: TestRole, policyName: string, document: string): Promise<void> {
  const iam = await iamIn(motoUrl, role.accountId);
  await iam.send(new PutRolePolicyCommand({ RoleName: role.name, PolicyName: policyName, PolicyDocument: document }));
  iam.destroy();
}

export async function deleteIamRole(role: TestRole): Promise<void> {
  const iam = await iamIn(motoUrl, role.accountId);
  await iam.send(new DeleteRoleCommand({ RoleName: role.name }));
  iam.destroy();
}

export type RevocationStatement = {
  Sid: string;
  Effect: string;
  Action: string;
  Resource: string;
  Condition: {
    StringEquals?: { "aws:SourceIdentity": string | string[] };
    StringLike?: { "aws:userid": string | string[] };
    DateLessThan: { "aws:TokenIssueTime": string };
  };
};
export type RevocationDocument = { Version: string; Statement: RevocationStatement[] };

/**
 * The moment the policy denies this person's sessions before, or null when it does not name
 * them: by SourceIdentity, or (web-identity roles) by session name in aws:userid.
 */
export function deniedBefore(
  doc: RevocationDocument | null,
  sourceIdentity: string,
  by: "source-identity" | "session-name" = "source-identity",
): Date | null {
  for (const s of doc?.Statement ?? []) {
    const named =
      by === "source-identity"
        ? [s.Condition.StringEquals?.["aws:SourceIdentity"]].flat().includes(sourceIdentity)
        : [s.Condition.StringLike?.["aws:userid"]].flat().includes(`*:${sourceIdentity}`);
    if (named) return new Date(s.Condition.DateLessThan["aws:TokenIssueTime"]);
  }
  return null;
}
