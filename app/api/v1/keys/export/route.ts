import { route } from "@/lib/api/route";
import { exportKeysCsv } from "@/lib/inventory/export";
import { keysExportSchema } from "@/lib/inventory/keys-query";

export const GET = route({
  permission: "keys.export",
  query: keysExportSchema,
  handler: async ({ caller, query }) => {
    const csv = await exportKeysCsv(caller, query);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="keyless-keys-${new Date().toISOString().slice(0, 10)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
});
