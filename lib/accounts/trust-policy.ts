// The trust policy a target role needs so Keyless can vend it: generated for admins to
// paste into IAM. Pure, so the admin page and tests share it.

/** The session tags Keyless sets (lib/credentials/session-identity.ts sessionTags). */
export const SESSION_TAG_KEYS = ["email", "groups"] as const;

export type TrustPolicyInput =
  { mode: "ASSUME_ROLE"; serverPrincipalArn: string } | { mode: "WEB_IDENTITY"; accountId: string; oidcIssuer: string; clientId: string };

export function trustPolicyFor(input: TrustPolicyInput): string {
  if (input.mode === "ASSUME_ROLE") {
    return JSON.stringify(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "KeylessVendsSessionsForItsUsers",
            Effect: "Allow",
            Principal: { AWS: input.serverPrincipalArn },
            Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
            // Every session must say which person it is for: revocation and CloudTrail key on it.
            Condition: { Null: { "sts:SourceIdentity": "false" } },
          },
          {
            // A statement of its own: IAM evaluates sts:TagSession without the SourceIdentity
            // key, so a shared condition would refuse the tags (and with them the session).
            Sid: "KeylessTagsSessionsWithWhoAsked",
            Effect: "Allow",
            Principal: { AWS: input.serverPrincipalArn },
            Action: "sts:TagSession",
            Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": [...SESSION_TAG_KEYS] } },
          },
        ],
      },
      null,
      2,
    );
  }
  const provider = input.oidcIssuer.replace(/^https?:\/\//, "").replace(/\/$/, "");
  return JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "KeylessUsersWithTheirSsoToken",
          Effect: "Allow",
          Principal: { Federated: `arn:aws:iam::${input.accountId}:oidc-provider/${provider}` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { [`${provider}:aud`]: input.clientId } },
        },
      ],
    },
    null,
    2,
  );
}

/** A role only the Keyless server may assume, with no SourceIdentity (nobody in particular is acting). */
function serverOnlyTrust(serverPrincipalArn: string, sid: string): string {
  return JSON.stringify(
    { Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Principal: { AWS: serverPrincipalArn }, Action: "sts:AssumeRole" }] },
    null,
    2,
  );
}

/** The inventory role in each account: Keyless reads IAM users, keys and policies with it. Its permissions: inventoryPermissions(). */
export function inventoryTrustPolicy(serverPrincipalArn: string): string {
  return serverOnlyTrust(serverPrincipalArn, "KeylessReadsThisAccountsKeys");
}

/** The rotation role in each account (KEYLESS_ROTATION_ROLE_NAME): rotation, provisioning, session revocation. */
export function rotationTrustPolicy(serverPrincipalArn: string): string {
  return serverOnlyTrust(serverPrincipalArn, "KeylessManagesThisAccount");
}

/**
 * Exactly what the inventory role is used for, all read-only (IAMReadOnlyAccess covers it
 * too): the key inventory sync, and reading the policies a request would grant (managed
 * policies' documents, roles' attached and inline policies) for the risk analysis.
 */
export function inventoryPermissions(): string {
  return JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "KeylessInventoryRead",
          Effect: "Allow",
          Action: [
            "iam:GetAccountAuthorizationDetails",
            "iam:ListAccessKeys",
            "iam:GetAccessKeyLastUsed",
            "iam:GenerateCredentialReport",
            "iam:GetCredentialReport",
          ],
          Resource: "*",
        },
        {
          Sid: "KeylessReadsPoliciesForRiskAnalysis",
          Effect: "Allow",
          Action: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetRolePolicy"],
          Resource: "*",
        },
      ],
    },
    null,
    2,
  );
}
