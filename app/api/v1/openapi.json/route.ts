import { json, route } from "@/lib/api/route";
import { openApiDocument } from "@/lib/api/openapi";
import { OPENAPI_DOCUMENT_OPERATION } from "@/lib/api/routes";

export const GET = route({
  ...OPENAPI_DOCUMENT_OPERATION,
  handler: async () => json(await openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }),
});
