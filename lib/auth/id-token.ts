import "server-only";
import { jwtVerify, type JWTPayload } from "jose";
import { oidcMetadata } from "@/lib/auth/oidc-discovery";
import { logger } from "@/lib/logger";

// next-auth (oauth4webapi) checks an ID token's claims (issuer, audience, expiry, nonce)
// but not its signature when the token comes straight from the token endpoint: OIDC Core
// §3.1.3.7 lets a client rely on TLS there. Keyless takes people's roles from the token's
// groups claim, so it verifies the signature against the IdP's published keys as well: a
// spoofed token endpoint, or a response changed on the way, must not sign anyone in.

/** The token's claims when it is signed by one of the issuer's keys and meant for this client, else null. */
export async function verifiedIdTokenClaims(idToken: string, issuerUrl: string, clientId: string): Promise<JWTPayload | null> {
  try {
    const { issuer, jwks } = await oidcMetadata(issuerUrl);
    const { payload } = await jwtVerify(idToken, jwks, { issuer, audience: clientId, clockTolerance: 30 });
    return payload;
  } catch (error) {
    const e = error as { code?: string; name?: string; message?: string };
    logger().warn({ err: { name: e.name, code: e.code, message: e.message } }, "the ID token does not verify");
    return null;
  }
}

/** True when the ID token is signed by one of the issuer's keys and meant for this client. */
export async function idTokenVerifies(idToken: string, issuerUrl: string, clientId: string): Promise<boolean> {
  return (await verifiedIdTokenClaims(idToken, issuerUrl, clientId)) !== null;
}
