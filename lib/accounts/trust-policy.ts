// The trust policy a target role needs so Keyless can vend it: generated for admins to
// paste into IAM. Pure, so the admin page and tests share it.

export type TrustPolicyInput =
  | { mode: "ASSUME_ROLE"; serverPrincipalArn: string }
  | { mode: "WEB_IDENTITY"; accountId: string; oidcIssuer: string; clientId: string };

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
