import { NextResponse, type NextRequest } from "next/server";
import { crossSiteRefusal, pageCsp, problem, PROBLEM_HEADERS } from "@/lib/http/edge-policy";

// Runs before every request: a per-request CSP nonce, a request id for logs and the audit
// log, the path for sign-in redirects, and an optimistic redirect to sign-in when there is
// no session cookie. It authorises nothing: every page and route checks the session itself.

const SESSION_COOKIES = ["__Host-keyless.session", "keyless.session"];
const PUBLIC_PAGES = ["/signin", "/_next/", "/favicon", "/robots.txt", "/icon"];
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * A POST to a page is a server action. Next.js compares Origin with Host itself, but lets a
 * request without Origin through and answers a mismatch with a 500: refuse both here, by
 * the rule the API applies too (lib/http/edge-policy.ts).
 */
function crossSiteAction(request: NextRequest): string | null {
  // eslint-disable-next-line no-restricted-properties -- the proxy runs before lib/env is loaded
  const appOrigin = new URL(process.env.AUTH_URL ?? request.nextUrl.origin).origin;
  return crossSiteRefusal(request.method, request.headers, appOrigin);
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const given = request.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();

  const crossSite = crossSiteAction(request);
  if (crossSite) {
    return new NextResponse(JSON.stringify(problem(403, "forbidden", "Forbidden", crossSite, { requestId })), {
      status: 403,
      headers: { ...PROBLEM_HEADERS, "x-request-id": requestId },
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
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
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
// request id (lib/api/route.ts), answer with data under the deny-all DATA_CSP that
// lib/http/request-guard.ts sets, and skipping the proxy keeps the vending path short. Nor is SCIM (/scim/v2, lib/scim/route.ts):
// the IdP calls it server to server with a bearer token, no cookie and no Origin, which the
// sign-in redirect and the cross-site check above would refuse.
export const config = {
  matcher: [{ source: "/((?!api/|scim/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)" }],
};
