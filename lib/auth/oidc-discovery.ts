import "server-only";
import { createRemoteJWKSet } from "jose";

// The IdP's OpenID configuration, fetched once per issuer (and again after a failure):
// its signing keys for ID-token checks (lib/auth/id-token.ts) and its token endpoint for
// re-reading people's groups between sign-ins (lib/lifecycle/identity-refresh.ts).

export type OidcMetadata = {
  issuer: string;
  jwks: ReturnType<typeof createRemoteJWKSet>;
  tokenEndpoint: string | null;
  userinfoEndpoint: string | null;
  tokenAuthMethods: string[];
};

const byIssuer = new Map<string, Promise<OidcMetadata>>();

async function discover(issuerUrl: string): Promise<OidcMetadata> {
  const res = await fetch(`${issuerUrl.replace(/\/$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`OIDC discovery answered ${res.status}`);
  const doc = (await res.json()) as Record<string, unknown>;
  if (typeof doc.issuer !== "string" || typeof doc.jwks_uri !== "string")
    throw new Error("OIDC discovery document without issuer or jwks_uri");
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    issuer: doc.issuer,
    // jose caches the key set and refetches it when a token names a key it does not know.
    jwks: createRemoteJWKSet(new URL(doc.jwks_uri)),
    tokenEndpoint: str(doc.token_endpoint),
    userinfoEndpoint: str(doc.userinfo_endpoint),
    tokenAuthMethods: Array.isArray(doc.token_endpoint_auth_methods_supported)
      ? doc.token_endpoint_auth_methods_supported.filter((m): m is string => typeof m === "string")
      : ["client_secret_basic"],
  };
}

export function oidcMetadata(issuerUrl: string): Promise<OidcMetadata> {
  let metadata = byIssuer.get(issuerUrl);
  if (!metadata) {
    metadata = discover(issuerUrl);
    byIssuer.set(issuerUrl, metadata);
    metadata.catch(() => byIssuer.delete(issuerUrl)); // try again next time
  }
  return metadata;
}
