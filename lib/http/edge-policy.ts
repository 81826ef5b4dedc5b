// The edge policy, in one place: the security headers every answer carries, the
// Content-Security-Policy of pages and of data, the same-origin rule for state-changing
// browser requests, and the shape of a problem+json body. Used by lib/http/request-guard.ts
// (every answer, before Next.js sees the request), proxy.ts (pages and server actions),
// lib/api/route.ts and lib/errors.ts (the API). No imports: the proxy loads it before
// lib/env.ts, so callers pass in what configuration says.

/** On every answer, page or data, success or refusal, Next.js's own redirects included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/** API and SCIM answers are data, never a document. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Paths that answer data: they get DATA_CSP; every other page gets pageCsp from proxy.ts. */
export function isDataPath(path: string): boolean {
  return path.startsWith("/api/") || path === "/api" || path.startsWith("/scim/") || path === "/scim";
}

/** A page's policy: scripts only with this request's nonce. */
export function pageCsp(nonce: string, dev: boolean): string {
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

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a browser request may not change state, or null when it may: its Origin must be the
 * app's (AUTH_URL's origin), or, without one, the browser must say it is same-origin.
 * Next.js lets a server action without Origin through, and cookies ride along on
 * cross-site requests: this is the one rule for server actions (proxy.ts) and the API.
 */
export function crossSiteRefusal(method: string, headers: Headers, appOrigin: string): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const origin = headers.get("origin");
  if (origin) return origin === appOrigin ? null : "Cross-site request refused.";
  if (headers.get("sec-fetch-site") === "same-origin") return null;
  return "Cross-site request refused: send an Origin header.";
}

/** RFC 9457 problem details, as every refusal and error is answered. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
};

export function problem(status: number, code: string, title: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `https://keyless.dev/problems/${code}`, title, status, detail, ...extra };
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The headers of a problem+json answer (never cached: it may name the caller's request). */
export const PROBLEM_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": PROBLEM_CONTENT_TYPE,
  "Cache-Control": "no-store",
};
