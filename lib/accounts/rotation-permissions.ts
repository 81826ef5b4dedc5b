// What the rotation role in each account (KEYLESS_ROTATION_ROLE_NAME) needs so that Keyless
// can revoke people's live sessions: write, read and delete the inline policy
// KeylessRevokedSessions on the roles it vends there, and nothing on any other role. Pure,
// so the Accounts page, the sandbox seed and the tests share it.

/** The IAM calls lib/aws/role-policies.ts makes on a vended role. */
export const REVOCATION_IAM_ACTIONS = [
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:GetRolePolicy",
  "iam:ListRolePolicies",
  "iam:GetRole",
] as const;

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/** The vended roles' ARNs in this account, unique and sorted (stable for a copy button). */
export function vendedRoleArnsIn(accountId: string, roleArns: readonly string[]): string[] {
  return [...new Set(roleArns.filter((arn) => ROLE_ARN.exec(arn)?.[1] === accountId))].sort();
}

/**
 * The rotation role's permissions for session revocation, scoped to the roles Keyless vends
 * in the account; null while it vends none there (IAM refuses a statement with no resource).
 * Anyone who may write a role's inline policies may widen that role: the scope keeps the
 * rotation role off every other role, its own included.
 */
export function revocationPermissions(accountId: string, roleArns: readonly string[]): string | null {
  const resources = vendedRoleArnsIn(accountId, roleArns);
  if (resources.length === 0) return null;
  return JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "KeylessRevokesLiveSessionsOnItsRoles",
          Effect: "Allow",
          Action: [...REVOCATION_IAM_ACTIONS],
          Resource: resources,
        },
      ],
    },
    null,
    2,
  );
}
