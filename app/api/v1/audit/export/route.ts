import { route } from "@/lib/api/route";
import { toCsv } from "@/lib/audit/csv";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit/query";

const MAX_ROWS = 50_000;

export const GET = route({
  permission: "audit.read.own",
  summary: "Audit log entries as CSV",
  tags: ["Audit"],
  contentType: "text/csv",
  query: auditQuerySchema.omit({ cursor: true, limit: true }),
  handler: async ({ caller, query }) => {
    const rows: unknown[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditEvents(caller, { ...query, cursor, limit: 500 });
      for (const e of page.items)
        rows.push([e.id, e.at, e.actorEmail, e.action, e.outcome, e.targetType, e.targetId, e.ip, e.requestId, e.details, e.hash]);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows.length < MAX_ROWS);
    const csv = toCsv(["id", "at", "actor", "action", "outcome", "target_type", "target_id", "ip", "request_id", "details", "hash"], rows);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="keyless-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
});
