import "server-only";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { logger } from "@/lib/logger";

// next-auth (oauth4webapi) checks an ID token's claims (issuer, audience, expiry, nonce)
// but not its signature when the token comes straight from the token endpoint: OIDC Core
// §3.1.3.7 lets a client rely on TLS there. Keyless takes people's roles from the token's
// groups claim, so it verifies the signature against the IdP's published keys as well: a
// spoofed token endpoint, or a response changed on the way, must not sign anyone in.

type Keys = { issuer: string; jwks: ReturnType<typeof createRemoteJWKSet> };
const byIssuer = new Map<string, Promise<Keys>>();

async function discover(issuerUrl: string): Promise<Keys> {
  const res = await fetch(`${issuerUrl.replace(/\/$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`OIDC discovery answered ${res.status}`);
  const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (typeof doc.issuer !== "string" || typeof doc.jwks_uri !== "string") throw new Error("OIDC discovery document without issuer or jwks_uri");
  // jose caches the key set and refetches it when a token names a key it does not know.
  return { issuer: doc.issuer, jwks: createRemoteJWKSet(new URL(doc.jwks_uri)) };
}

function keysOf(issuerUrl: string): Promise<Keys> {
  let keys = byIssuer.get(issuerUrl);
  if (!keys) {
    keys = discover(issuerUrl);
    byIssuer.set(issuerUrl, keys);
    keys.catch(() => byIssuer.delete(issuerUrl)); // try again at the next sign-in
  }
  return keys;
}

/** True when the ID token is signed by one of the issuer's keys and meant for this client. */
export async function idTokenVerifies(idToken: string, issuerUrl: string, clientId: string): Promise<boolean> {
  try {
    const { issuer, jwks } = await keysOf(issuerUrl);
    await jwtVerify(idToken, jwks, { issuer, audience: clientId, clockTolerance: 30 });
    return true;
  } catch (error) {
    const e = error as { code?: string; name?: string; message?: string };
    logger().warn({ err: { name: e.name, code: e.code, message: e.message } }, "sign-in refused: the ID token does not verify");
    return false;
  }
}
