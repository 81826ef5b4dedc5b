import { NextResponse, type NextRequest } from "next/server";

// Runs before every request: a per-request CSP nonce, a request id for logs and the audit
// log, the path for sign-in redirects, and an optimistic redirect to sign-in when there is
// no session cookie. It authorises nothing: every page and route checks the session itself.

const SESSION_COOKIES = ["__Host-keyless.session", "keyless.session"];
const PUBLIC_PAGES = ["/signin", "/_next/", "/favicon", "/robots.txt", "/icon"];
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Charts and transitions set style attributes; no script can be injected through them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self' http: https:",
    "frame-ancestors 'none'",
    ...(dev ? [] : ["upgrade-insecure-requests"]),
  ].join("; ");
}

/**
 * A POST to a page is a server action. Next.js compares Origin with Host itself, but lets a
 * request without Origin through and answers a mismatch with a 500. Refuse both here, as
 * lib/api/route.ts does for the API: the Origin must be the app's (AUTH_URL), or, without
 * one, the browser must say the request is same-origin.
 */
function crossSiteAction(request: NextRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  // eslint-disable-next-line no-restricted-properties -- the proxy runs before lib/env is loaded
  const expected = new URL(process.env.AUTH_URL ?? request.nextUrl.origin).origin;
  const origin = request.headers.get("origin");
  if (origin) return origin !== expected;
  return request.headers.get("sec-fetch-site") !== "same-origin";
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const given = request.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();

  if (crossSiteAction(request)) {
    const problem = {
      type: "https://keyless.dev/problems/forbidden",
      title: "Forbidden",
      status: 403,
      detail: "Cross-site request refused.",
      requestId,
    };
    return new NextResponse(JSON.stringify(problem), {
      status: 403,
      headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store", "x-request-id": requestId },
    });
  }

  const isPage = !PUBLIC_PAGES.some((p) => pathname.startsWith(p));
  const hasSession = SESSION_COOKIES.some((n) => request.cookies.has(n));
  if (isPage && !hasSession) {
    const url = request.nextUrl.clone();
    url.pathname = "/signin";
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    const res = NextResponse.redirect(url);
    res.headers.set("x-request-id", requestId);
    return res;
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  // eslint-disable-next-line no-restricted-properties -- the proxy runs before lib/env is loaded
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("x-request-id", requestId);
  headers.set("x-pathname", pathname + search);
  headers.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("x-request-id", requestId);
  return response;
}

// API routes (next-auth's included) are not matched: they resolve their own caller and
// request id (lib/api/route.ts), answer with data under next.config.js's deny-all CSP, and
// skipping the proxy keeps the vending path short. Nor is SCIM (/scim/v2, lib/scim/route.ts):
// the IdP calls it server to server with a bearer token, no cookie and no Origin, which the
// sign-in redirect and the cross-site check above would refuse.
export const config = {
  matcher: [{ source: "/((?!api/|scim/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)" }],
};
