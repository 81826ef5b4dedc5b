import { json, route } from "@/lib/api/route";

// Liveness: the process answers. Readiness (/api/health) also checks the database; a
// database outage must not make Kubernetes restart every replica.
export const GET = route({ permission: "public", handler: async () => json({ status: "ok" }) });
