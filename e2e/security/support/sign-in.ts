import { request, type APIRequestContext, type APIResponse } from "@playwright/test";
import { appUrl } from "./env";

// Sign-in without a browser window, through the same endpoints the browser uses: next-auth's
// CSRF token, POST /api/auth/signin/oidc, the IdP's authorize endpoint and login form, and
// the app's OIDC callback. Each step is taken by hand (no redirect followed automatically),
// so tests can look at what every hop answered. Works against the sandbox IdP and against
// the attacker IdP of forged-tokens.spec.ts (which answers the authorize call at once).

export type SignInTrace = {
  /** The app's answer to the OIDC callback (where next-auth sets the session cookie). */
  callback: APIResponse;
  /** Where the callback sent the browser. */
  location: string;
  /** The session cookie value set by the callback, if any. */
  session?: string;
  /** Every Set-Cookie header of the callback answer. */
  setCookies: string[];
  context: APIRequestContext;
};

export type SignInOptions = {
  email?: string;
  password?: string;
  callbackUrl?: string;
  baseUrl?: string;
  ignoreHTTPSErrors?: boolean;
  /** Called with the IdP's authorize URL before it is visited (the attacker IdP reads it). */
  onAuthorize?: (url: URL) => void | Promise<void>;
};

const isRedirect = (r: APIResponse) => r.status() >= 300 && r.status() < 400;

function next(from: string, r: APIResponse): string {
  const location = r.headers().location;
  if (!location) throw new Error(`${r.status()} without a Location from ${from}`);
  return new URL(location, from).toString();
}

export async function signInHeadless(options: SignInOptions = {}): Promise<SignInTrace> {
  const base = options.baseUrl ?? appUrl;
  const context = await request.newContext({ ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false });
  const csrf = (await (await context.get(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
  let response = await context.post(`${base}/api/auth/signin/oidc`, {
    form: { csrfToken: csrf.csrfToken, callbackUrl: options.callbackUrl ?? "/" },
    maxRedirects: 0,
  });
  let url = next(`${base}/api/auth/signin/oidc`, response);
  await options.onAuthorize?.(new URL(url));
  const callbackPath = "/api/auth/callback/oidc";
  // IdP hops until it sends us back to the app's callback.
  for (let hops = 0; !new URL(url).pathname.startsWith(callbackPath); hops++) {
    if (hops > 15) throw new Error(`sign-in did not come back to ${callbackPath}`);
    response = await context.get(url, { maxRedirects: 0 });
    if (isRedirect(response)) {
      url = next(url, response);
      continue;
    }
    // The sandbox IdP's login form.
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no login form at ${url} (${response.status()}): ${html.slice(0, 300)}`);
    const loginUrl = new URL(action.replace(/&amp;/g, "&"), url).toString();
    response = await context.post(loginUrl, {
      form: { email: options.email ?? "alice@example.com", password: options.password ?? "demo" },
      maxRedirects: 0,
    });
    if (!isRedirect(response)) throw new Error(`login refused (${response.status()})`);
    url = next(loginUrl, response);
  }
  const callback = await context.get(url, { maxRedirects: 0 });
  const setCookies = callback
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
  const session = setCookies.map((c) => /^(?:__Host-)?keyless\.session=([^;]*)/.exec(c)?.[1]).find((v) => v !== undefined && v !== "");
  return { callback, location: callback.headers().location ?? "", session, setCookies, context };
}
