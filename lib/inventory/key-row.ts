import type { RotationPolicy } from "@/lib/inventory/policy";
import { ageDays, rotationState, STATE_SEVERITY, type KeyState } from "@/lib/inventory/key-age-state";
import { encodeCursor } from "@/lib/inventory/cursor";
import { sortParts, type Sort } from "@/lib/inventory/keys-query";

// A key as the table, the API and the export show it, and the cursor after a page of them.

export type KeyRecord = {
  accessKeyId: string;
  userName: string;
  accountId: string;
  accountName: string;
  status: "ACTIVE" | "INACTIVE";
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
  owner: string | null;
  team: string | null;
  integrationId: string | null;
  deletedAt: Date | null;
};

export type KeyItem = {
  accessKeyId: string;
  userName: string;
  accountId: string;
  accountName: string;
  /** As AWS names it. */
  status: "Active" | "Inactive";
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
  ageDays: number;
  state: KeyState;
  owner: string | null;
  team: string | null;
  integrationId: string | null;
  deletedAt: string | null;
};

export function toKeyItem(r: KeyRecord, policy: RotationPolicy, asOf: Date): KeyItem {
  return {
    accessKeyId: r.accessKeyId,
    userName: r.userName,
    accountId: r.accountId,
    accountName: r.accountName,
    status: r.status === "ACTIVE" ? "Active" : "Inactive",
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    lastUsedService: r.lastUsedService,
    lastUsedRegion: r.lastUsedRegion,
    ageDays: ageDays(r.createdAt, asOf),
    state: rotationState(r, policy, asOf),
    owner: r.owner,
    team: r.team,
    integrationId: r.integrationId,
    deletedAt: r.deletedAt?.toISOString() ?? null,
  };
}

/** The value the SQL orders by for this sort (see keys-sql.ts SORT_SQL), as the cursor carries it. */
export function sortValue(item: KeyItem, sort: Sort): string | number {
  switch (sortParts(sort).field) {
    case "age":
      return item.createdAt;
    case "lastUsed":
      return item.lastUsedAt ?? NEVER_USED_SORT_VALUE;
    case "userName":
      return item.userName;
    case "accountId":
      return item.accountId;
    case "state":
      return STATE_SEVERITY[item.state];
    case "accessKeyId":
      return item.accessKeyId;
  }
}

/** Never-used keys sort as if last used at the epoch (before any real use). */
export const NEVER_USED_SORT_VALUE = "1970-01-01T00:00:00.000Z";

/** Pages are fetched one row long: the extra row only says whether there is a next page. */
export function pageWithCursor(items: KeyItem[], limit: number, sort: Sort, asOf: Date): { items: KeyItem[]; nextCursor: string | null } {
  if (items.length <= limit) return { items, nextCursor: null };
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  if (!last) return { items: page, nextCursor: null };
  return { items: page, nextCursor: encodeCursor({ sort, value: sortValue(last, sort), accessKeyId: last.accessKeyId, asOf }) };
}
