import type { RequestMeta } from "@/lib/auth/caller";
import { env } from "@/lib/env";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Request id (set by proxy.ts), client IP and user agent, for logs and the audit log. */
export function requestMetaFrom(headers: Headers): RequestMeta {
  const given = headers.get("x-request-id");
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // The last entry is the one our side wrote: the peer the trusted proxy saw (proxies append
  // to what the client sent), or, with no proxy (KEYLESS_TRUST_PROXY=false), the connection's
  // peer, which lib/http/request-guard.ts puts there in place of whatever the client sent.
  // Earlier entries are the client's to choose.
  const ip = forwarded.at(-1) ?? (env().KEYLESS_TRUST_PROXY ? headers.get("x-real-ip") : null);
  return {
    requestId: given && REQUEST_ID.test(given) ? given : crypto.randomUUID(),
    // IPv4 clients of a dual-stack server arrive as ::ffff:a.b.c.d: show them as people know them.
    ip: ip ? ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1").slice(0, 64) : null,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
    ...(env().KEYLESS_SERVER_TIMING ? { timings: [] } : {}),
  };
}
