// The sandbox IdP's signing and cookie keys, kept in a file so that tokens and cookies
// stay valid across restarts of the sandbox.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

interface KeysFile {
  jwks: { keys: Record<string, unknown>[] };
  cookieKeys: string[];
}

/** Signing and cookie keys persist so tokens and cookies stay valid across restarts. */
export function loadOrCreateKeys(file: string): KeysFile {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as KeysFile;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), alg: "RS256", use: "sig" };
  const keys: KeysFile = { jwks: { keys: [jwk] }, cookieKeys: [randomBytes(32).toString("base64url")] };
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}
