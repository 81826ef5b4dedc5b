import { createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// The sandbox IdP from a test: its admin JSON API (the same code path as its admin page),
// and a sign-in as the Keyless client (authorization code + PKCE, by hand, redirects
// followed one by one), which returns the tokens the IdP issues to Keyless.

export const issuer = () => env().OIDC_ISSUER;

export type IdpUserView = { sub: string; email: string; groups: string[]; active?: boolean };
export type AdminAnswer = {
  user: IdpUserView;
  push: { ok: boolean; lines: { method: string; path: string; status: number | null }[] } | null;
};

export async function idpAdmin(path: string, body?: unknown): Promise<AdminAnswer> {
  const res = await fetch(`${issuer()}/admin/api${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`IdP admin ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as AdminAnswer;
}

export type Tokens = { id_token: string; access_token: string; refresh_token?: string };

/** Signs `email` in at the IdP as the Keyless client; the code is exchanged for tokens. */
export async function signInAtIdp(email: string): Promise<Tokens> {
  const e = env();
  const jar = new Map<string, string>();
  const verifier = randomBytes(32).toString("base64url");
  const redirectUri = new URL("/api/auth/callback/oidc", e.AUTH_URL).toString();
  const authorize = new URL(`${issuer()}/auth`);
  authorize.search = new URLSearchParams({
    client_id: e.OIDC_CLIENT_ID,
    response_type: "code",
    scope: e.OIDC_SCOPES,
    redirect_uri: redirectUri,
    state: randomBytes(8).toString("hex"),
    nonce: randomBytes(8).toString("hex"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  let url = authorize.toString();
  for (let hop = 0; !url.startsWith(redirectUri); hop++) {
    if (hop > 12) throw new Error("the IdP never sent the browser back");
    const page = await visit(jar, url);
    if (page.location) {
      url = new URL(page.location, url).toString();
      continue;
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
    if (!action) throw new Error(`no login form at ${url}: ${page.status} ${page.text.slice(0, 200)}`);
    const login = new URL(action.replace(/&amp;/g, "&"), url).toString();
    const posted = await visit(jar, login, new URLSearchParams({ email, password: "demo" }));
    const refusal = /<p class="error"[^>]*>([^<]*)<\/p>/.exec(posted.text)?.[1] ?? posted.text.slice(0, 300);
    if (!posted.location) throw new Error(`login refused: ${posted.status} ${refusal}`);
    url = new URL(posted.location, login).toString();
  }
  const code = new URL(url).searchParams.get("code");
  const token = await fetch(`${issuer()}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${e.OIDC_CLIENT_ID}:${e.OIDC_CLIENT_SECRET}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code: code ?? "", redirect_uri: redirectUri, code_verifier: verifier }),
  });
  if (!token.ok) throw new Error(`code exchange: ${token.status} ${await token.text()}`);
  return (await token.json()) as Tokens;
}

/** The IdP's login form answer for `email` (to see a refusal). */
export async function loginAnswer(email: string): Promise<{ status: number; text: string }> {
  return signInAtIdp(email).then(
    () => ({ status: 200, text: "" }),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      const status = Number(/login refused: (\d+)/.exec(message)?.[1] ?? 0);
      return { status, text: message };
    },
  );
}

async function visit(jar: Map<string, string>, url: string, form?: URLSearchParams) {
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(url, {
    method: form ? "POST" : "GET",
    redirect: "manual",
    headers: { ...(cookie ? { cookie } : {}), ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    body: form,
  });
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const [name, ...value] = (pair ?? "").split("=");
    if (name) jar.set(name.trim(), value.join("="));
  }
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}
