import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { can, requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { decodeCursor } from "@/lib/inventory/cursor";
import { pageWithCursor, toKeyItem, type KeyItem, type KeyRecord } from "@/lib/inventory/key-row";
import type { KeysQuery } from "@/lib/inventory/keys-query";
import { keysPageSql, type KeyScope } from "@/lib/inventory/keys-sql";
import type { RotationPolicy } from "@/lib/inventory/policy";
import { currentRotationPolicy } from "@/lib/inventory/policy-store";

// Reading the inventory. Managers and admins (keys.read.all) see every key; everyone else
// only the keys whose owner tag is their email. The scope is part of the SQL, so the page,
// the API and the export cannot differ.

export async function requireKeyScope(caller: Caller): Promise<KeyScope> {
  if (can(caller, "keys.read.all")) return { owner: null };
  await requirePermission(caller, "keys.read.own");
  // Only people hold keys.read.own; a match on "" finds nothing, should that ever change.
  return { owner: caller.kind === "user" ? caller.email : "" };
}

type Row = {
  access_key_id: string;
  user_name: string;
  account_id: string;
  account_name: string;
  status: "ACTIVE" | "INACTIVE";
  created_at: Date;
  last_used_at: Date | null;
  last_used_service: string | null;
  last_used_region: string | null;
  owner: string | null;
  team: string | null;
  integration_id: string | null;
  deleted_at: Date | null;
};

function toRecord(r: Row): KeyRecord {
  return {
    accessKeyId: r.access_key_id,
    userName: r.user_name,
    accountId: r.account_id,
    accountName: r.account_name,
    status: r.status,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    lastUsedService: r.last_used_service,
    lastUsedRegion: r.last_used_region,
    owner: r.owner,
    team: r.team,
    integrationId: r.integration_id,
    deletedAt: r.deleted_at,
  };
}

export type KeysPage = { items: KeyItem[]; nextCursor: string | null; asOf: string; policy: RotationPolicy };

/** One page of keys, in the order asked, after the cursor if any (`q` parsed by keysQuerySchema). */
export async function listKeys(caller: Caller, q: KeysQuery): Promise<KeysPage> {
  const scope = await requireKeyScope(caller);
  const cursor = q.cursor ? decodeCursor(q.cursor, q.sort) : null;
  const asOf = cursor?.asOf ?? new Date();
  const policy = await currentRotationPolicy();
  const rows = await db().$queryRaw<Row[]>(keysPageSql(scope, q, policy, asOf, cursor));
  const items = rows.map((r) => toKeyItem(toRecord(r), policy, asOf));
  return { ...pageWithCursor(items, q.limit, q.sort, asOf), asOf: asOf.toISOString(), policy };
}
