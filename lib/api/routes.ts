import "server-only";
import type { RouteMeta } from "@/lib/api/route";

// Every route handler file under app/ (app/api and app/scim), one line each. The OpenAPI document and the
// API page are built from it (lib/api/openapi.ts), and a unit test fails when a route file
// exists that is not listed here. Adding a route = adding its line.

/** A route file: its module, imported when the list is read; or its operations, declared. */
export type RouteEntry =
  { file: string; load: () => Promise<Record<string, unknown>> } | { file: string; declared: Partial<Record<HttpMethod, RouteMeta>> };

/**
 * The OpenAPI document's own operation. Its route serves the document built from this list,
 * so the list declares it instead of importing the route (an import loop otherwise); the
 * route is built from this constant, and routes.test.ts checks the two agree.
 */
export const OPENAPI_DOCUMENT_OPERATION = {
  permission: "public" as const,
  summary: "This document: the Keyless API in OpenAPI 3.1",
  tags: ["Meta"],
} satisfies RouteMeta;

export const ROUTES: readonly RouteEntry[] = [
  { file: "app/api/health/route.ts", load: () => import("@/app/api/health/route") },
  { file: "app/api/auth/[...nextauth]/route.ts", load: () => import("@/app/api/auth/[...nextauth]/route") },
  { file: "app/api/v1/me/route.ts", load: () => import("@/app/api/v1/me/route") },
  { file: "app/api/v1/aws-roles/route.ts", load: () => import("@/app/api/v1/aws-roles/route") },
  { file: "app/api/v1/credentials/route.ts", load: () => import("@/app/api/v1/credentials/route") },
  { file: "app/api/v1/console-url/route.ts", load: () => import("@/app/api/v1/console-url/route") },
  { file: "app/api/v1/audit/route.ts", load: () => import("@/app/api/v1/audit/route") },
  { file: "app/api/v1/audit/export/route.ts", load: () => import("@/app/api/v1/audit/export/route") },
  { file: "app/api/v1/device/authorize/route.ts", load: () => import("@/app/api/v1/device/authorize/route") },
  { file: "app/api/v1/device/token/route.ts", load: () => import("@/app/api/v1/device/token/route") },
  { file: "app/api/v1/cli-sessions/route.ts", load: () => import("@/app/api/v1/cli-sessions/route") },
  { file: "app/api/v1/cli-sessions/[id]/route.ts", load: () => import("@/app/api/v1/cli-sessions/[id]/route") },
  { file: "app/api/health/live/route.ts", load: () => import("@/app/api/health/live/route") },
  { file: "app/api/v1/access-requests/route.ts", load: () => import("@/app/api/v1/access-requests/route") },
  { file: "app/api/v1/access-requests/[id]/route.ts", load: () => import("@/app/api/v1/access-requests/[id]/route") },
  { file: "app/api/v1/access-requests/[id]/approve/route.ts", load: () => import("@/app/api/v1/access-requests/[id]/approve/route") },
  { file: "app/api/v1/access-requests/[id]/deny/route.ts", load: () => import("@/app/api/v1/access-requests/[id]/deny/route") },
  { file: "app/api/v1/access-requests/[id]/cancel/route.ts", load: () => import("@/app/api/v1/access-requests/[id]/cancel/route") },
  { file: "app/api/v1/grants/route.ts", load: () => import("@/app/api/v1/grants/route") },
  { file: "app/api/v1/grants/[id]/route.ts", load: () => import("@/app/api/v1/grants/[id]/route") },
  { file: "app/api/v1/grants/[id]/review/route.ts", load: () => import("@/app/api/v1/grants/[id]/review/route") },
  { file: "app/api/v1/aws-roles/[id]/break-glass/route.ts", load: () => import("@/app/api/v1/aws-roles/[id]/break-glass/route") },
  { file: "app/api/v1/approval-rules/route.ts", load: () => import("@/app/api/v1/approval-rules/route") },
  { file: "app/api/v1/approval-rules/[id]/route.ts", load: () => import("@/app/api/v1/approval-rules/[id]/route") },
  { file: "app/api/v1/keys/route.ts", load: () => import("@/app/api/v1/keys/route") },
  { file: "app/api/v1/keys/export/route.ts", load: () => import("@/app/api/v1/keys/export/route") },
  { file: "app/api/v1/keys/owners/route.ts", load: () => import("@/app/api/v1/keys/owners/route") },
  { file: "app/api/v1/keys/accounts/route.ts", load: () => import("@/app/api/v1/keys/accounts/route") },
  { file: "app/api/v1/inventory/sync/route.ts", load: () => import("@/app/api/v1/inventory/sync/route") },
  { file: "app/api/v1/inventory/sync/[jobId]/route.ts", load: () => import("@/app/api/v1/inventory/sync/[jobId]/route") },
  { file: "app/api/v1/integrations/[id]/rotate/route.ts", load: () => import("@/app/api/v1/integrations/[id]/rotate/route") },
  {
    file: "app/api/v1/integrations/[id]/adopt-secret/route.ts",
    load: () => import("@/app/api/v1/integrations/[id]/adopt-secret/route"),
  },
  { file: "app/api/v1/integrations/[id]/route.ts", load: () => import("@/app/api/v1/integrations/[id]/route") },
  { file: "app/api/v1/integrations/route.ts", load: () => import("@/app/api/v1/integrations/route") },
  { file: "app/api/v1/rotations/[id]/route.ts", load: () => import("@/app/api/v1/rotations/[id]/route") },
  { file: "app/api/v1/people/route.ts", load: () => import("@/app/api/v1/people/route") },
  { file: "app/api/v1/people/[id]/route.ts", load: () => import("@/app/api/v1/people/[id]/route") },
  { file: "app/api/v1/people/[id]/suspend/route.ts", load: () => import("@/app/api/v1/people/[id]/suspend/route") },
  { file: "app/api/v1/people/[id]/reactivate/route.ts", load: () => import("@/app/api/v1/people/[id]/reactivate/route") },
  {
    file: "app/api/v1/people/[id]/revoke-aws-sessions/route.ts",
    load: () => import("@/app/api/v1/people/[id]/revoke-aws-sessions/route"),
  },
  { file: "app/api/v1/me/sessions/route.ts", load: () => import("@/app/api/v1/me/sessions/route") },
  { file: "app/api/v1/me/revoke-sessions/route.ts", load: () => import("@/app/api/v1/me/revoke-sessions/route") },
  { file: "app/api/metrics/route.ts", load: () => import("@/app/api/metrics/route") },
  { file: "app/api/slack/interactions/route.ts", load: () => import("@/app/api/slack/interactions/route") },
  { file: "app/api/v1/openapi.json/route.ts", declared: { GET: OPENAPI_DOCUMENT_OPERATION } },
  { file: "app/api/v1/[[...path]]/route.ts", load: () => import("@/app/api/v1/[[...path]]/route") },
  // SCIM 2.0 (lib/scim): its own auth and error format, not route(), so not in the OpenAPI document.
  { file: "app/scim/v2/Users/route.ts", load: () => import("@/app/scim/v2/Users/route") },
  { file: "app/scim/v2/Users/[id]/route.ts", load: () => import("@/app/scim/v2/Users/[id]/route") },
  { file: "app/scim/v2/Groups/route.ts", load: () => import("@/app/scim/v2/Groups/route") },
  { file: "app/scim/v2/Groups/[id]/route.ts", load: () => import("@/app/scim/v2/Groups/[id]/route") },
  { file: "app/scim/v2/ServiceProviderConfig/route.ts", load: () => import("@/app/scim/v2/ServiceProviderConfig/route") },
  { file: "app/scim/v2/ResourceTypes/route.ts", load: () => import("@/app/scim/v2/ResourceTypes/route") },
  { file: "app/scim/v2/ResourceTypes/[id]/route.ts", load: () => import("@/app/scim/v2/ResourceTypes/[id]/route") },
  { file: "app/scim/v2/Schemas/route.ts", load: () => import("@/app/scim/v2/Schemas/route") },
  { file: "app/scim/v2/Schemas/[id]/route.ts", load: () => import("@/app/scim/v2/Schemas/[id]/route") },
  { file: "app/scim/v2/[[...path]]/route.ts", load: () => import("@/app/scim/v2/[[...path]]/route") },
];

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One method of one route. `meta` is null for handlers not built with route() (next-auth). */
export type ApiOperation = { file: string; path: string; method: HttpMethod; meta: RouteMeta | null };

/** app/api/v1/cli-sessions/[id]/route.ts → /api/v1/cli-sessions/{id} */
export function urlPathOf(file: string): string {
  const dir = file.replace(/^app/, "").replace(/\/route\.ts$/, "");
  return dir
    .replace(/\[\[\.\.\.(\w+)\]\]/g, "{$1}")
    .replace(/\[\.\.\.(\w+)\]/g, "{$1}")
    .replace(/\[(\w+)\]/g, "{$1}");
}

/** Every operation the app serves, in list order. */
export async function listOperations(): Promise<ApiOperation[]> {
  const out: ApiOperation[] = [];
  for (const entry of ROUTES) {
    if ("declared" in entry) {
      for (const method of HTTP_METHODS) {
        const meta = entry.declared[method];
        if (meta) out.push({ file: entry.file, path: urlPathOf(entry.file), method, meta });
      }
      continue;
    }
    const mod = await entry.load();
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (typeof handler !== "function") continue;
      const meta = "meta" in handler ? (handler.meta as RouteMeta) : null;
      out.push({ file: entry.file, path: urlPathOf(entry.file), method, meta });
    }
  }
  return out;
}
