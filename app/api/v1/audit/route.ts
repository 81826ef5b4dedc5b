import { json, route } from "@/lib/api/route";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit/query";

export const GET = route({
  permission: "audit.read.own",
  query: auditQuerySchema,
  handler: async ({ caller, query }) => json(await listAuditEvents(caller, query)),
});
