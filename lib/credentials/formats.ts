// Ways to hand temporary credentials to a person's tools. Pure functions, used in the
// browser: the values are shown once and never leave the user's page.

export type IssuedCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
};

export type CredentialFormat = "bash" | "fish" | "powershell" | "profile" | "process";

const sq = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
const dq = (v: string) => `"${v.replace(/[`"$]/g, "`$&")}"`;

export function profileName(accountName: string, roleName: string): string {
  return `${accountName}-${roleName}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function renderCredentials(format: CredentialFormat, c: IssuedCredentials, opts: { profile: string; region: string }): string {
  const vars: [string, string][] = [
    ["AWS_ACCESS_KEY_ID", c.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", c.secretAccessKey],
    ["AWS_SESSION_TOKEN", c.sessionToken],
    ["AWS_REGION", opts.region],
  ];
  switch (format) {
    case "bash":
      return vars.map(([k, v]) => `export ${k}=${sq(v)}`).join("\n");
    case "fish":
      return vars.map(([k, v]) => `set -gx ${k} ${sq(v)}`).join("\n");
    case "powershell":
      return vars.map(([k, v]) => `$Env:${k} = ${dq(v)}`).join("\n");
    case "profile":
      return [
        `[${opts.profile}]`,
        `aws_access_key_id = ${c.accessKeyId}`,
        `aws_secret_access_key = ${c.secretAccessKey}`,
        `aws_session_token = ${c.sessionToken}`,
        `region = ${opts.region}`,
      ].join("\n");
    case "process":
      return JSON.stringify(
        {
          Version: 1,
          AccessKeyId: c.accessKeyId,
          SecretAccessKey: c.secretAccessKey,
          SessionToken: c.sessionToken,
          Expiration: c.expiration,
        },
        null,
        2,
      );
  }
}
