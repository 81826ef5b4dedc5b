// Random secrets for the sandbox, generated once and kept in .sandbox/ so that sessions
// and data encrypted at rest survive a restart of `npm run demo`.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { sandboxPath } from "./shared";

export type SandboxSecrets = {
  authSecret: string;
  encryptionKey: string;
  oidcClientSecret: string;
  auditHmacKey: string;
  /** Seals the AWS and stand-in state the demo keeps across restarts (ADR 023). */
  stateKey: string;
};

export function loadSandboxSecrets(name = "secrets.json"): SandboxSecrets {
  const file = sandboxPath(name);
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<SandboxSecrets>) : {};
  const secrets: SandboxSecrets = {
    authSecret: kept.authSecret ?? randomBytes(32).toString("base64"),
    encryptionKey: kept.encryptionKey ?? randomBytes(32).toString("base64"),
    oidcClientSecret: kept.oidcClientSecret ?? randomBytes(24).toString("base64url"),
    // Added later than the others: a sandbox kept from before gets one now (its older audit
    // entries then show as "unsealed before …", as in a real upgrade).
    auditHmacKey: kept.auditHmacKey ?? randomBytes(32).toString("base64"),
    stateKey: kept.stateKey ?? randomBytes(32).toString("base64"),
  };
  if (Object.keys(kept).length < Object.keys(secrets).length) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
