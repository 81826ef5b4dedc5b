import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db, Prisma, type Tx } from "@/lib/db";
import { evidenceText } from "@/lib/retirement/evidence";
import { humanKeySql } from "@/lib/retirement/human-key-sql";

// "Ready to retire": a person's own active key (human-key-sql.ts) whose owner has since got
// credentials or a console link through Keyless for the same AWS account, and that the
// inventory saw unused after that: the sync that last saw the key started after the
// issuance, and the key's last use (or, never used, its creation) is before it. The
// newest such issuance is the evidence. A key already being retired is not listed.

export type ReadyKey = {
  keyRowId: string;
  accessKeyId: string;
  userName: string;
  accountId: string;
  accountName: string;
  owner: string;
  lastUsedAt: string | null;
  issuedAt: string;
  evidence: string;
};

type Row = {
  key_row_id: string;
  access_key_id: string;
  user_name: string;
  account_id: string;
  account_name: string;
  owner: string;
  owner_name: string | null;
  created_at: Date;
  last_used_at: Date | null;
  issued_at: Date;
  role_arn: string;
  kind: string;
  via: string | null;
};

function readySql(only: string | null, lock: boolean): Prisma.Sql {
  return Prisma.sql`
    SELECT k.id AS key_row_id, k.access_key_id, k.user_name, k.account_id, a.name AS account_name, k.owner, p.name AS owner_name,
           k.created_at, k.last_used_at, s.issued_at, s.role_arn, s.kind, s.via
    FROM access_keys k
    JOIN aws_accounts a ON a.id = k.aws_account_id
    JOIN users p ON lower(p.email) = k.owner
    JOIN LATERAL (
      SELECT x.issued_at, x.role_arn, x.kind, x.via FROM aws_sessions x
      WHERE x.user_id = p.id AND x.account_id = k.account_id
        AND x.issued_at > coalesce(k.last_used_at, k.created_at) AND x.issued_at < k.last_seen_at
      ORDER BY x.issued_at DESC LIMIT 1
    ) s ON true
    WHERE k.deleted_at IS NULL AND k.status = 'ACTIVE' AND ${humanKeySql()}
      AND (${only}::text IS NULL OR k.access_key_id = ${only})
      AND NOT EXISTS (SELECT 1 FROM key_retirements r WHERE r.access_key_id = k.id AND r.status = 'scheduled')
    ORDER BY s.issued_at, k.access_key_id
    LIMIT 500
    ${lock ? Prisma.sql`FOR UPDATE OF k` : Prisma.empty}`;
}

function toReady(r: Row): ReadyKey {
  return {
    keyRowId: r.key_row_id,
    accessKeyId: r.access_key_id,
    userName: r.user_name,
    accountId: r.account_id,
    accountName: r.account_name,
    owner: r.owner,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    issuedAt: r.issued_at.toISOString(),
    evidence: evidenceText({
      owner: r.owner,
      ownerName: r.owner_name,
      accountName: r.account_name,
      roleArn: r.role_arn,
      kind: r.kind,
      via: r.via,
      issuedAt: r.issued_at,
      keyLastUsedAt: r.last_used_at,
      keyCreatedAt: r.created_at,
    }),
  };
}

export async function listReadyToRetire(caller: Caller): Promise<ReadyKey[]> {
  await requirePermission(caller, "keys.read.all");
  const rows = await db().$queryRaw<Row[]>(readySql(null, false));
  return rows.map(toReady);
}

/** One key, if it is ready to retire, its row locked for the transaction (retire.ts re-checks under it). */
export async function lockReadyKey(tx: Tx, accessKeyId: string): Promise<ReadyKey | null> {
  const rows = await tx.$queryRaw<Row[]>(readySql(accessKeyId, true));
  return rows[0] ? toReady(rows[0]) : null;
}
