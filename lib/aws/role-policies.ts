import "server-only";
import {
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { callIn, isCode } from "@/lib/aws/iam-keys";
import { policySize } from "@/lib/lifecycle/revocation-policy";

// Inline policies on the roles Keyless vends, written through the same per-account role as
// rotation (KEYLESS_ROTATION_ROLE_NAME). Used to revoke live sessions (lib/lifecycle).

export type RoleRef = { accountId: string; roleName: string };

export function roleRefOf(roleArn: string): RoleRef {
  const match = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/.exec(roleArn);
  if (!match?.[1] || !match[2]) throw new Error(`not an IAM role ARN: ${roleArn}`);
  return { accountId: match[1], roleName: match[2] };
}

export async function putRolePolicy(role: RoleRef, policyName: string, document: string): Promise<void> {
  await callIn(role.accountId, "PutRolePolicy", (iam) =>
    iam.send(new PutRolePolicyCommand({ RoleName: role.roleName, PolicyName: policyName, PolicyDocument: document })),
  );
}

/** Idempotent: a policy (or role) already gone counts as deleted. */
export async function deleteRolePolicy(role: RoleRef, policyName: string): Promise<void> {
  await callIn(role.accountId, "DeleteRolePolicy", (iam) =>
    iam.send(new DeleteRolePolicyCommand({ RoleName: role.roleName, PolicyName: policyName })),
  ).catch((error: unknown) => {
    if (!isCode(error, "NoSuchEntity")) throw error;
  });
}

/** The inline policy's document, or null when the role has none of that name. */
export async function getRolePolicy(role: RoleRef, policyName: string): Promise<string | null> {
  try {
    const out = await callIn(role.accountId, "GetRolePolicy", (iam) =>
      iam.send(new GetRolePolicyCommand({ RoleName: role.roleName, PolicyName: policyName })),
    );
    // IAM returns the document URL-encoded (RFC 3986).
    return out.PolicyDocument ? decodeURIComponent(out.PolicyDocument) : null;
  } catch (error) {
    if (isCode(error, "NoSuchEntity")) return null;
    throw error;
  }
}

/** The role's MaxSessionDuration in seconds, or null when the role does not exist. */
export async function roleMaxSessionSeconds(role: RoleRef): Promise<number | null> {
  try {
    const out = await callIn(role.accountId, "GetRole", (iam) => iam.send(new GetRoleCommand({ RoleName: role.roleName })));
    return out.Role?.MaxSessionDuration ?? 3600;
  } catch (error) {
    if (isCode(error, "NoSuchEntity")) return null;
    throw error;
  }
}

/** How many characters the role's other inline policies use (IAM's quota counts them all). */
export async function otherInlinePolicySize(role: RoleRef, except: string): Promise<number> {
  const names = await callIn(role.accountId, "ListRolePolicies", (iam) =>
    iam.send(new ListRolePoliciesCommand({ RoleName: role.roleName })),
  );
  let total = 0;
  for (const name of names.PolicyNames ?? []) {
    if (name === except) continue;
    const document = await getRolePolicy(role, name);
    if (document) total += policySize(document);
  }
  return total;
}
