import "server-only";
import { withAudit } from "@/lib/audit/record";
import { toCsv } from "@/lib/audit/csv";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { listKeys } from "@/lib/inventory/keys";
import type { KeyFilters, Sort } from "@/lib/inventory/keys-query";

// CSV of the keys the caller may see, with the table's filters and order. Bounded, and the
// export itself is audited (who took a copy of which part of the inventory).

const MAX_ROWS = 100_000;
const HEADER = [
  "access_key_id",
  "user_name",
  "account_id",
  "account_name",
  "status",
  "state",
  "age_days",
  "created_at",
  "last_used_at",
  "last_used_service",
  "last_used_region",
  "owner",
  "team",
  "integration_id",
  "deleted_at",
];

export async function exportKeysCsv(caller: Caller, query: KeyFilters & { sort: Sort }): Promise<string> {
  await requirePermission(caller, "keys.export");
  const rows: unknown[][] = [];
  let cursor: string | undefined;
  do {
    const page = await listKeys(caller, { ...query, cursor, limit: 500 });
    for (const k of page.items) {
      rows.push([
        k.accessKeyId,
        k.userName,
        k.accountId,
        k.accountName,
        k.status,
        k.state,
        k.ageDays,
        k.createdAt,
        k.lastUsedAt,
        k.lastUsedService,
        k.lastUsedRegion,
        k.owner,
        k.team,
        k.integrationId,
        k.deletedAt,
      ]);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < MAX_ROWS);
  await withAudit(caller, "inventory.keys.export", undefined, { details: { filters: query, rows: rows.length } });
  return toCsv(HEADER, rows);
}
