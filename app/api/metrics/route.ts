import { env } from "@/lib/env";
import { safeEqual } from "@/lib/crypto";
import { collectDatabaseMetrics } from "@/lib/metrics/collect";
import { metrics } from "@/lib/metrics/registry";

// Prometheus scrape endpoint. Off unless KEYLESS_METRICS_TOKEN is set (404), and then only
// with `Authorization: Bearer <token>` (a scrape token, not a person's CLI token, so this
// route does not go through route()'s caller resolution).
export async function GET(request: Request): Promise<Response> {
  const token = env().KEYLESS_METRICS_TOKEN;
  if (!token) return new Response("Not found", { status: 404 });
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!safeEqual(given, token)) {
    return new Response(
      JSON.stringify({
        type: "https://keyless.dev/problems/unauthorized",
        title: "Unauthorized",
        status: 401,
        detail: "Send the scrape token as a bearer token.",
      }),
      {
        status: 401,
        headers: { "Content-Type": "application/problem+json", "WWW-Authenticate": 'Bearer realm="keyless-metrics"' },
      },
    );
  }
  const m = metrics();
  const body = `${await m.registry.metrics()}\n${await collectDatabaseMetrics()}\n`;
  return new Response(body, { headers: { "Content-Type": m.registry.contentType, "Cache-Control": "no-store" } });
}
