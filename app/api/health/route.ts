import { json, route } from "@/lib/api/route";
import { checkHealth } from "@/lib/health";

export const GET = route({
  permission: "public",
  handler: async () => {
    const health = await checkHealth();
    return json(
      { status: health.ok ? "ok" : "degraded", database: health.database, latencyMs: health.latencyMs },
      { status: health.ok ? 200 : 503 },
    );
  },
});
