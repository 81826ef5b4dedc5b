import type { Credentials } from "./api-types.js";

// Credentials in the forms AWS tools read: credential_process JSON (Version 1) and shell
// environment variables.

export function credentialProcessJson(c: Credentials): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: c.expiration,
  });
}

export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = (typeof SHELLS)[number];

/** The shell this process runs in, from $SHELL (PowerShell on Windows by default). */
export function detectShell(env: Record<string, string | undefined>, platform: NodeJS.Platform): Shell {
  const shell = (env.SHELL ?? "").split(/[\\/]/).pop() ?? "";
  if (shell === "fish") return "fish";
  if (shell === "zsh") return "zsh";
  if (shell.startsWith("pwsh") || shell.startsWith("powershell")) return "powershell";
  if (!shell && platform === "win32") return "powershell";
  return "bash";
}

const single = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
const fishSingle = (v: string) => `'${v.replace(/[\\']/g, "\\$&")}'`;
const psSingle = (v: string) => `'${v.replace(/'/g, "''")}'`;

export function envExports(shell: Shell, c: Credentials, extra: { region?: string; label: string }): string {
  const vars: [string, string][] = [
    ["AWS_ACCESS_KEY_ID", c.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", c.secretAccessKey],
    ["AWS_SESSION_TOKEN", c.sessionToken],
    ["AWS_CREDENTIAL_EXPIRATION", c.expiration],
    ...(extra.region ? ([["AWS_REGION", extra.region]] as [string, string][]) : []),
  ];
  const comment = `# keyless: ${extra.label}, until ${c.expiration}`;
  switch (shell) {
    case "bash":
    case "zsh":
      return [comment, ...vars.map(([k, v]) => `export ${k}=${single(v)}`)].join("\n");
    case "fish":
      return [comment, ...vars.map(([k, v]) => `set -gx ${k} ${fishSingle(v)}`)].join("\n");
    case "powershell":
      return [comment, ...vars.map(([k, v]) => `$Env:${k} = ${psSingle(v)}`)].join("\n");
  }
}
