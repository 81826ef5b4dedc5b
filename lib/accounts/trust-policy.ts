// The trust policy a target role needs so Keyless can vend it: generated for admins to
// paste into IAM. Pure, so the admin page and tests share it.

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
            Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
            // Every session must say which person it is for.
            Condition: { Null: { "sts:SourceIdentity": "false" } },
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

/**
 * The inventory role in each account: Keyless reads IAM users and keys with it (no
 * SourceIdentity: nobody in particular is acting). Its permissions: inventoryPermissions().
 */
export function inventoryTrustPolicy(serverPrincipalArn: string): string {
  return JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        { Sid: "KeylessReadsThisAccountsKeys", Effect: "Allow", Principal: { AWS: serverPrincipalArn }, Action: "sts:AssumeRole" },
      ],
    },
    null,
    2,
  );
}

/** Exactly what the inventory sync calls (read-only; IAMReadOnlyAccess covers it too). */
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
      ],
    },
    null,
    2,
  );
}
