import { route } from "@/lib/api/route";
import { auditPageSchema, auditQuerySchema, listAuditEvents } from "@/lib/audit/query";

export const GET = route({
  permission: "audit.read.own",
  summary: "Audit log entries, newest first",
  description: "Admins read every entry; everyone else reads their own.",
  tags: ["Audit"],
  query: auditQuerySchema,
  response: auditPageSchema,
  handler: async ({ caller, query, reply }) => reply(await listAuditEvents(caller, query)),
});
