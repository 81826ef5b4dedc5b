// Sandbox OIDC identity provider (oidc-provider) that behaves like Okta: demo users and its
// own login page, refresh tokens (offline access) that stop working once a user is
// deactivated, an admin page (/admin) to change users and groups, and SCIM provisioning
// that pushes every change to Keyless (idp-provisioning.ts).
import { appendFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Provider, { type Account, type InteractionDetails, type RenderContext } from "oidc-provider";
import { adminHandler } from "./idp-admin";
import { loadOrCreateKeys } from "./idp-keys";
import { Provisioning, type PushResult } from "./idp-provisioning";
import { ScimClient, type ScimTarget } from "./idp-scim-client";
import { createStoreAdapter } from "./idp-store";
import { demoUsers, IdpDirectory, type IdpUser } from "./idp-users";
import { loginPage, logoutPage, messagePage } from "./pages";
import { envPort, isMain, listenLocal, runStandalone, sandboxPath } from "./shared";

export { demoUsers, type IdpUser };

export interface IdpClient {
  clientId: string;
  clientSecret: string;
  name?: string; // shown as "Sign in to continue to <name>"; default clientId
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** oidc-provider accepts only the method a client registered; default client_secret_basic. */
  tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post";
}

export interface IdpOptions {
  port?: number; // default KEYLESS_IDP_PORT or 4000
  issuer?: string; // default http://localhost:<port>
  clients: IdpClient[];
  keysFile?: string; // default .sandbox/idp-keys.json
  /** Where IdP sessions and grants are kept across restarts; false keeps them in memory. */
  storeFile?: string | false; // default .sandbox/idp-store.json
  users?: IdpUser[]; // default demoUsers
  extraUsers?: IdpUser[]; // added to users (tests)
  /** Where the user directory is kept (the admin page changes it); false keeps it in memory. */
  usersFile?: string | false; // default .sandbox/idp-users.json
  /** Keyless's SCIM endpoint and token: every change is pushed there (Okta-style provisioning). */
  scim?: ScimTarget;
  log?: (line: string) => void;
  /**
   * Tests only: append every token the token endpoint issues (ID, access, refresh) to this
   * file, one JSON line each, so the security suite can search for them where they must
   * never appear (e2e/security/leaks.spec.ts).
   */
  tokenLogFile?: string;
}

export interface IdpHandle {
  issuer: string;
  port: number;
  /** Pushes every user and group to Keyless now (null without a SCIM target). */
  syncToKeyless(): Promise<PushResult | null>;
  stop(): Promise<void>;
}

/** Refresh tokens live like Okta's offline tokens: 30 days, unless the user is deactivated. */
const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

export async function startIdp(options: IdpOptions): Promise<IdpHandle> {
  const port = options.port ?? envPort("KEYLESS_IDP_PORT", 4000);
  const issuer = options.issuer ?? `http://localhost:${port}`;
  const usersFile = options.usersFile ?? sandboxPath("idp-users.json");
  const directory = new IdpDirectory([...(options.users ?? demoUsers), ...(options.extraUsers ?? [])], usersFile || undefined);
  const keys = loadOrCreateKeys(options.keysFile ?? sandboxPath("idp-keys.json"));

  const render = (html: string) => async (ctx: RenderContext) => {
    ctx.type = "html";
    ctx.body = html;
  };
  const storeFile = options.storeFile ?? sandboxPath("idp-store.json");
  const store = createStoreAdapter(storeFile === false ? undefined : storeFile, (sub) => directory.get(sub) !== undefined);
  const provider = new Provider(issuer, {
    adapter: store.Adapter,
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
      token_endpoint_auth_method: c.tokenEndpointAuthMethod ?? "client_secret_basic",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
    })),
    // Like Okta with offline access: every code exchange also returns a refresh token, which
    // does not end with the IdP session (oidc-provider would drop offline_access without
    // prompt=consent, which relying parties such as next-auth do not send).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed("refresh_token"),
    expiresWithSession: async () => false,
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    jwks: keys.jwks,
    // The app on localhost:3000 shares this host's cookie jar (cookies ignore ports), so the
    // IdP's cookies get their own names. They are not `secure`: oidc-provider marks them
    // secure only for https requests (or X-Forwarded-Proto with provider.proxy = true).
    cookies: {
      keys: keys.cookieKeys,
      names: { session: "keyless_idp_session", interaction: "keyless_idp_interaction", resume: "keyless_idp_resume" },
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups", "offline_access"],
    conformIdTokenClaims: false, // put email, name and groups in the ID token, not only userinfo
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: RenderContext, form: string) => render(logoutPage(form))(ctx),
        postLogoutSuccessSource: render(messagePage("Signed out", "You are signed out of the sandbox IdP.")),
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    renderError: async (ctx: RenderContext, out: Record<string, string>) =>
      render(messagePage("Sign-in error", `${out.error ?? "error"}: ${out.error_description ?? ""}`))(ctx),
    // Read at every token request, a refresh included: a refresh answers the groups the
    // user has now, and fails with invalid_grant for a deactivated or deleted user.
    async findAccount(_ctx: unknown, sub: string): Promise<Account | undefined> {
      const user = directory.get(sub);
      if (!user || user.active === false) return undefined;
      return {
        accountId: sub,
        claims: () => {
          const now = directory.get(sub) ?? user;
          return { sub, email: now.email, email_verified: true, name: now.name, groups: now.groups };
        },
      };
    },
    ttl: {
      IdToken: 3600,
      AccessToken: 3600,
      AuthorizationCode: 60,
      Interaction: 3600,
      Session: 12 * 3600,
      Grant: REFRESH_TOKEN_TTL_SECONDS,
      RefreshToken: REFRESH_TOKEN_TTL_SECONDS,
    },
  });
  provider.on("server_error", (_ctx, err) => console.error("[sandbox idp] server error", err));
  const tokenLogFile = options.tokenLogFile;
  if (tokenLogFile) {
    provider.on("grant.success", (ctx: unknown) => {
      const body = ((ctx as { body?: unknown }).body ?? {}) as Record<string, unknown>;
      const tokens = Object.fromEntries(
        ["id_token", "access_token", "refresh_token"].filter((k) => typeof body[k] === "string").map((k) => [k, body[k]]),
      );
      appendFileSync(tokenLogFile, `${JSON.stringify({ at: new Date().toISOString(), ...tokens })}\n`, { mode: 0o600 });
    });
  }

  const names = new Map(options.clients.map((c) => [c.clientId, c.name ?? c.clientId]));
  const clientName = (details: InteractionDetails) => names.get(details.params.client_id) ?? details.params.client_id;

  // First-party sandbox: consent is granted without asking.
  async function grantConsent(details: InteractionDetails) {
    const accountId = details.session?.accountId ?? "";
    const grant =
      (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
      new provider.Grant({ accountId, clientId: details.params.client_id });
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(" "));
    }
    return { consent: { grantId: await grant.save() } };
  }

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, isLogin: boolean) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error("interaction mismatch");
    const action = `/interaction/${encodeURIComponent(uid)}/login`;
    if (details.prompt.name === "consent") {
      return provider.interactionFinished(req, res, await grantConsent(details), { mergeWithLastSubmission: true });
    }
    if (details.prompt.name !== "login") throw new Error(`unsupported prompt ${details.prompt.name}`);
    const users = directory.list().filter((u) => u.active !== false);
    if (!isLogin || req.method !== "POST") {
      return sendHtml(res, 200, loginPage({ action, clientName: clientName(details), email: details.params.login_hint, users }));
    }
    const form = await readForm(req);
    const email = (form.get("email") ?? "").trim().toLowerCase();
    const user = directory.byEmail(email);
    if (!user || form.get("password") !== (user.password ?? "demo")) {
      const error = "Invalid email or password";
      return sendHtml(res, 401, loginPage({ action, clientName: clientName(details), email, error, users }));
    }
    if (user.active === false) {
      const error = "This account is deactivated. Ask your administrator.";
      return sendHtml(res, 403, loginPage({ action, clientName: clientName(details), email, error, users }));
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
  }

  const provisioning = options.scim ? new Provisioning(new ScimClient(options.scim), directory, (l) => options.log?.(l)) : null;
  const admin = adminHandler({ issuer, directory, provisioning, endSessions: async (sub) => store.revokeAccount(sub) });

  const handle = provider.callback();
  const server = () =>
    createServer((req, res) => {
      const path = new URL(req.url ?? "/", issuer).pathname;
      if (path === "/admin" || path.startsWith("/admin/")) {
        void admin(req, res).catch((err: unknown) => {
          console.error("[sandbox idp] admin error", err);
          if (!res.headersSent) sendHtml(res, 500, messagePage("Admin error", err instanceof Error ? err.message : String(err)));
        });
        return;
      }
      const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(path);
      if (!match?.[1]) return handle(req, res);
      interaction(req, res, match[1], match[2] !== undefined).catch((err: unknown) => {
        // Typically an expired or already-used interaction (cookie gone after a restart, back button).
        const message = `This sign-in request is no longer valid (${err instanceof Error ? err.message : String(err)}). Go back to the app and sign in again.`;
        if (!res.headersSent) sendHtml(res, 400, messagePage("Sign-in expired", message));
      });
    });
  const listener = await listenLocal(server, port, { service: "Sandbox IdP", envVar: "KEYLESS_IDP_PORT" });
  // Okta's initial push: everything, as soon as Keyless answers (retried until it does).
  provisioning?.scheduleFullSync();
  return {
    issuer,
    port,
    syncToKeyless: async () => (provisioning ? provisioning.fullSync("Push of all users and groups") : null),
    stop: async () => {
      provisioning?.stop();
      await listener.close();
    },
  };
}

if (isMain(import.meta.url)) {
  const appUrl = process.env.KEYLESS_APP_URL ?? "http://localhost:3000";
  const scimToken = process.env.KEYLESS_SCIM_TOKEN;
  runStandalone(
    "idp",
    () =>
      startIdp({
        scim: scimToken ? { url: `${appUrl}/scim/v2`, token: scimToken } : undefined,
        log: (line) => console.log(`[sandbox] idp: ${line}`),
        clients: [
          {
            clientId: process.env.KEYLESS_OIDC_CLIENT_ID ?? "keyless",
            name: "Keyless",
            clientSecret: process.env.KEYLESS_OIDC_CLIENT_SECRET ?? "keyless-sandbox-secret",
            redirectUris: (process.env.KEYLESS_IDP_REDIRECT_URIS ?? `${appUrl}/api/auth/callback/oidc`).split(","),
            postLogoutRedirectUris: [appUrl, `${appUrl}/`],
          },
        ],
      }),
    (h) => `${h.issuer} (users: ${demoUsers.map((u) => u.email).join(", ")}; password demo; admin page ${h.issuer}/admin)`,
  );
}
