import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// Where the security suite finds the sandbox that scripts/test.ts started, and what the
// browser phases left for it (scripts/test.ts: securityFiles).

export const projectRoot = path.resolve(import.meta.dirname, "..", "..", "..");
export const sandboxDir = path.join(projectRoot, ".sandbox");
export const securityDir = process.env.KEYLESS_TEST_SECURITY_DIR ?? path.join(sandboxDir, "security");
export const appUrl = process.env.KEYLESS_TEST_APP_URL ?? "http://localhost:3100";
export const appOrigin = new URL(appUrl).origin;
export const motoUrl = process.env.KEYLESS_TEST_MOTO_URL ?? "";
export const standinsUrl = process.env.KEYLESS_TEST_STANDINS_URL ?? "";
/** True when the e2e phase ran before this one in the same sandbox (npm test, test:security). */
export const afterE2e = process.env.KEYLESS_TEST_E2E_RAN === "1";

export const files = {
  responses: path.join(securityDir, "responses.jsonl"),
  processes: path.join(securityDir, "processes.json"),
  idpTokens: path.join(securityDir, "idp-tokens.jsonl"),
  extraSecrets: path.join(securityDir, "extra-secrets.jsonl"),
  serverActions: path.join(projectRoot, ".next", "server", "server-reference-manifest.json"),
  appPaths: path.join(projectRoot, ".next", "app-path-routes-manifest.json"),
  routeList: path.join(projectRoot, "lib", "api", "routes.ts"),
};

export type Processes = { app: number; worker: number; appPort: number };

export function processes(): Processes {
  return JSON.parse(readFileSync(files.processes, "utf8")) as Processes;
}

export function readJson<T>(file: string, fallback: T): T {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : fallback;
}
