// Random secrets for the sandbox, generated once and kept in .sandbox/ so that sessions
// and data encrypted at rest survive a restart of `npm run demo`.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { sandboxPath } from "./shared";

export type SandboxSecrets = { authSecret: string; encryptionKey: string; oidcClientSecret: string };

export function loadSandboxSecrets(name = "secrets.json"): SandboxSecrets {
  const file = sandboxPath(name);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as SandboxSecrets;
  const secrets: SandboxSecrets = {
    authSecret: randomBytes(32).toString("base64"),
    encryptionKey: randomBytes(32).toString("base64"),
    oidcClientSecret: randomBytes(24).toString("base64url"),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
