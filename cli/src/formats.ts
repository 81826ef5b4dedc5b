// Temporary AWS credentials in the forms AWS tools read. The one module for both the CLI
// (`keyless env`, `keyless credentials`) and the web app's credentials panel, which imports
// it as @/cli/src/formats: the CLI is built on its own (tsc, rootDir cli/src, no
// dependencies), so the shared code lives here, free of imports, and both print the same.
//
// Decisions:
// - AWS_CREDENTIAL_EXPIRATION is exported: the AWS CLI (botocore) and the AWS SDK for
//   JavaScript v3 read it with the other three, and stop using expired keys.
// - PowerShell takes verbatim single-quoted strings: nothing expands inside them; a quote is
//   written twice, and PowerShell ends such a string on the typographic quotes ‘ ’ ‚ ‛ too.

export type CredentialValues = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: string };

export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = (typeof SHELLS)[number];

/** Every format: the shells, an ~/.aws/credentials block and credential_process JSON. */
export type CredentialFormat = Shell | "profile" | "process";

/** The shell this process runs in, from $SHELL (PowerShell on Windows by default). */
export function detectShell(env: Record<string, string | undefined>, platform: NodeJS.Platform): Shell {
  const shell = (env.SHELL ?? "").split(/[\\/]/).pop() ?? "";
  if (shell === "fish") return "fish";
  if (shell === "zsh") return "zsh";
  if (shell.startsWith("pwsh") || shell.startsWith("powershell")) return "powershell";
  if (!shell && platform === "win32") return "powershell";
  return "bash";
}

export const posixSingle = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
// fish reads \\ and \' as escapes inside single quotes, so both are escaped.
export const fishSingle = (v: string) => `'${v.replace(/[\\']/g, "\\$&")}'`;
export const psSingle = (v: string) => `'${v.replace(/['\u2018\u2019\u201a\u201b]/g, "$&$&")}'`;
// A label names an account and a role, which admins type: one line, so it cannot end the comment.
const oneLine = (v: string) => v.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ");

/** `export`/`set -gx`/`$Env:` lines for a shell, after a comment saying whose they are and until when. */
export function envExports(shell: Shell, c: CredentialValues, extra: { region?: string; label: string }): string {
  const vars: [string, string][] = [
    ["AWS_ACCESS_KEY_ID", c.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", c.secretAccessKey],
    ["AWS_SESSION_TOKEN", c.sessionToken],
    ["AWS_CREDENTIAL_EXPIRATION", c.expiration],
    ...(extra.region ? ([["AWS_REGION", extra.region]] as [string, string][]) : []),
  ];
  const comment = `# keyless: ${oneLine(extra.label)}, until ${oneLine(c.expiration)}`;
  const line = {
    bash: (k: string, v: string) => `export ${k}=${posixSingle(v)}`,
    zsh: (k: string, v: string) => `export ${k}=${posixSingle(v)}`,
    fish: (k: string, v: string) => `set -gx ${k} ${fishSingle(v)}`,
    powershell: (k: string, v: string) => `$Env:${k} = ${psSingle(v)}`,
  }[shell];
  return [comment, ...vars.map(([k, v]) => line(k, v))].join("\n");
}

/** What a credential_process prints (Version 1), as the AWS CLI and SDKs read it. */
export function credentialProcessJson(c: CredentialValues): string {
  const out = { Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken };
  return JSON.stringify({ ...out, Expiration: c.expiration }, null, 2);
}

/** A block for ~/.aws/credentials. */
export function credentialsFileBlock(c: CredentialValues, opts: { profile: string; region?: string }): string {
  return [
    `[${opts.profile}]`,
    `aws_access_key_id = ${c.accessKeyId}`,
    `aws_secret_access_key = ${c.secretAccessKey}`,
    `aws_session_token = ${c.sessionToken}`,
    ...(opts.region ? [`region = ${opts.region}`] : []),
  ].join("\n");
}

/**
 * The profile name of a pasted ~/.aws/credentials block: <account>-<role>. Not the CLI's
 * keyless-<account>-<role> (profiles.ts) on purpose: static keys in a profile of that name
 * would shadow the CLI's credential_process, and stop working when they expire.
 */
export function profileName(accountName: string, roleName: string): string {
  return `${accountName}-${roleName}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Any format, as the web's credentials panel shows it and the CLI prints it. */
export function renderCredentials(
  format: CredentialFormat,
  c: CredentialValues,
  opts: { label: string; profile: string; region?: string },
): string {
  if (format === "process") return credentialProcessJson(c);
  if (format === "profile") return credentialsFileBlock(c, opts);
  return envExports(format, c, opts);
}
