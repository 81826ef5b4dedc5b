import { json, route } from "@/lib/api/route";
import { openApiDocument } from "@/lib/api/openapi";

export const GET = route({
  permission: "public",
  summary: "This document: the Keyless API in OpenAPI 3.1",
  tags: ["Meta"],
  handler: async () => json(await openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }),
});
