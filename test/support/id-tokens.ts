// ID tokens for testing the web-identity path against the sandbox's STS checks
// (scripts/sandbox/sandbox_web_identity.py): a real token's parts, re-signed with the test IdP's
// own key (to make one that is valid but expired, or for another audience) or with a key the
// IdP never published (a forgery).
import { createPrivateKey, createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sandboxDir } from "../../scripts/sandbox/shared";

type Jwk = { kid: string } & Record<string, unknown>;
export type JwtParts = { header: Record<string, unknown>; claims: Record<string, unknown> };

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export function decodeJwt(token: string): JwtParts {
  const [header, claims] = token
    .split(".")
    .slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Record<string, unknown>);
  if (!header || !claims) throw new Error("not a JWT");
  return { header, claims };
}

export function signJwt({ header, claims }: JwtParts, key: KeyObject): string {
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${createSign("RSA-SHA256").update(input).sign(key).toString("base64url")}`;
}

/** The test stack IdP's signing key (scripts/sandbox/idp-keys.ts keeps it in .sandbox/test-idp-keys.json). */
export function idpSigningKey(): { kid: string; key: KeyObject } {
  const file = JSON.parse(readFileSync(path.join(sandboxDir, "test-idp-keys.json"), "utf8")) as { jwks: { keys: Jwk[] } };
  const jwk = file.jwks.keys[0];
  if (!jwk) throw new Error("the test IdP has no signing key");
  return { kid: jwk.kid, key: createPrivateKey({ key: jwk, format: "jwk" }) };
}

/** A key the IdP never published. */
export const foreignKey = (): KeyObject => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
