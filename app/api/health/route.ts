import { route } from "@/lib/api/route";
import { APP_VERSION, checkHealth, healthResponseSchema } from "@/lib/health";

export const GET = route({
  permission: "public",
  summary: "Health of the app and its database",
  tags: ["Health"],
  response: healthResponseSchema,
  handler: async ({ reply }) => {
    const health = await checkHealth();
    return reply(
      { status: health.ok ? "ok" : "degraded", database: health.database, latencyMs: health.latencyMs, version: APP_VERSION },
      { status: health.ok ? 200 : 503 },
    );
  },
});
