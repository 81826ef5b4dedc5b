import { NextResponse, type NextRequest } from "next/server";

// Runs before every request: a per-request CSP nonce, a request id for logs and the audit
// log, the path for sign-in redirects, and an optimistic redirect to sign-in when there is
// no session cookie. It authorises nothing: every page and route checks the session itself.

const SESSION_COOKIES = ["__Host-keyless.session", "keyless.session"];
const PUBLIC_PAGES = ["/signin", "/api/", "/_next/", "/favicon", "/robots.txt", "/icon"];
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

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

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const given = request.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();

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

// API routes are not matched: they resolve their own caller and request id
// (lib/api/route.ts), and skipping the proxy keeps the vending path short.
export const config = {
  matcher: [{ source: "/((?!api/v1/|api/health|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)" }],
};
