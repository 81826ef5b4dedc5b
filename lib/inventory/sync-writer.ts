import "server-only";
import { db, sql } from "@/lib/db";
import type { IamAccessKeyInfo, IamUserInfo, ReportKeyUse } from "@/lib/aws/iam";

// The bulk reads and writes of one account's sync, straight on the shared pg pool (Prisma's
// path held twice the heap for the biggest account's thousands of rows): a statement per
// batch of users or keys (upsert via unnest), with the history events of that batch in the same
// statement. Every row seen in this run gets last_seen_at = the run's start, so what was not
// seen is found afterwards with one UPDATE (markGone). The sync's integration_id is never touched here.

export type AccountRef = { awsAccountId: string; accountId: string };
export type UserRow = IamUserInfo & { owner: string | null; team: string | null };
export type KeyRow = IamAccessKeyInfo & { iamUserId: string; owner: string | null; team: string | null; lastUsed: ReportKeyUse };
export type KeyEvent = {
  accessKeyId: string;
  kind: "discovered" | "status_changed" | "reappeared";
  from: string | null;
  to: string | null;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

const USERS = `
  INSERT INTO iam_users (aws_account_id, account_id, user_name, arn, user_id, path, tags, owner, team, created_at, first_seen_at, last_seen_at, deleted_at)
  SELECT $1, $2, u.user_name, u.arn, u.user_id, u.path, u.tags::jsonb, u.owner, u.team, u.created_at, $3::timestamptz, $3::timestamptz, NULL
  FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
       AS u(user_name, arn, user_id, path, tags, owner, team, created_at)
  ON CONFLICT (aws_account_id, user_name) DO UPDATE SET
    arn = EXCLUDED.arn, user_id = EXCLUDED.user_id, path = EXCLUDED.path, tags = EXCLUDED.tags, owner = EXCLUDED.owner,
    team = EXCLUDED.team, created_at = EXCLUDED.created_at, last_seen_at = EXCLUDED.last_seen_at, deleted_at = NULL
  RETURNING id, user_name`;
/** Users a statement: IAM's own page size. The biggest account's users in one statement held ~37 MB of the worker's heap. */
export const USER_BATCH = 1000;

/**
 * Upserts users, a batch a statement on the shared pg pool; returns their row ids by user name.
 * Each batch stands alone: a listing cut short is written again in full by its retry.
 */
export async function upsertUsers(acct: AccountRef, users: UserRow[], seenAt: Date): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < users.length; i += USER_BATCH) {
    const batch = users.slice(i, i + USER_BATCH);
    const rows = await sql<{ id: string; user_name: string }>(USERS, [
      acct.awsAccountId,
      acct.accountId,
      seenAt.toISOString(),
      batch.map((u) => u.userName),
      batch.map((u) => u.arn),
      batch.map((u) => u.userId),
      batch.map((u) => u.path),
      batch.map((u) => JSON.stringify(u.tags)),
      batch.map((u) => u.owner),
      batch.map((u) => u.team),
      batch.map((u) => u.createdAt.toISOString()),
    ]);
    for (const r of rows) ids.set(r.user_name, r.id);
  }
  return ids;
}

/** Upserts keys and records their events. Last use only moves forward (a stale report never undoes a newer answer). */
export async function upsertKeys(acct: AccountRef, keys: KeyRow[], events: KeyEvent[], seenAt: Date): Promise<void> {
  if (keys.length === 0) return;
  const newer = `(EXCLUDED.last_used_at IS NOT NULL AND (access_keys.last_used_at IS NULL OR EXCLUDED.last_used_at >= access_keys.last_used_at))`;
  await sql(
    `WITH up AS (
       INSERT INTO access_keys (access_key_id, aws_account_id, account_id, iam_user_id, user_name, status, created_at,
                                last_used_at, last_used_service, last_used_region, owner, team, first_seen_at, last_seen_at, deleted_at)
       SELECT k.access_key_id, $1, $2, k.iam_user_id::uuid, k.user_name, k.status::"AccessKeyStatus", k.created_at,
              k.last_used_at, k.last_used_service, k.last_used_region, k.owner, k.team, $3::timestamptz, $3::timestamptz, NULL
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::text[])
            AS k(access_key_id, iam_user_id, user_name, status, created_at, last_used_at, last_used_service, last_used_region, owner, team)
       ON CONFLICT (access_key_id) DO UPDATE SET
         aws_account_id = EXCLUDED.aws_account_id, account_id = EXCLUDED.account_id, iam_user_id = EXCLUDED.iam_user_id,
         user_name = EXCLUDED.user_name, status = EXCLUDED.status, created_at = EXCLUDED.created_at,
         last_used_at = CASE WHEN ${newer} THEN EXCLUDED.last_used_at ELSE access_keys.last_used_at END,
         last_used_service = CASE WHEN ${newer} THEN EXCLUDED.last_used_service ELSE access_keys.last_used_service END,
         last_used_region = CASE WHEN ${newer} THEN EXCLUDED.last_used_region ELSE access_keys.last_used_region END,
         owner = EXCLUDED.owner, team = EXCLUDED.team, last_seen_at = EXCLUDED.last_seen_at, deleted_at = NULL
       RETURNING id, access_key_id
     )
     INSERT INTO access_key_events (access_key_id, at, kind, "from", "to")
     SELECT up.id, $3::timestamptz, e.kind, e.f, e.t
     FROM up JOIN unnest($14::text[], $15::text[], $16::text[], $17::text[]) AS e(access_key_id, kind, f, t) ON e.access_key_id = up.access_key_id`,
    [
      acct.awsAccountId,
      acct.accountId,
      seenAt.toISOString(),
      keys.map((k) => k.accessKeyId),
      keys.map((k) => k.iamUserId),
      keys.map((k) => k.userName),
      keys.map((k) => k.status),
      keys.map((k) => k.createdAt.toISOString()),
      keys.map((k) => iso(k.lastUsed.at)),
      keys.map((k) => k.lastUsed.service),
      keys.map((k) => k.lastUsed.region),
      keys.map((k) => k.owner),
      keys.map((k) => k.team),
      events.map((e) => e.accessKeyId),
      events.map((e) => e.kind),
      events.map((e) => e.from),
      events.map((e) => e.to),
    ],
  );
}

/**
 * Marks what this run did not see as deleted (keys with a history event), and the users
 * that vanished between being listed and having their keys listed. Returns the keys marked.
 */
export async function markGone(acct: AccountRef, seenAt: Date, vanishedUsers: string[] = []): Promise<number> {
  const [keys] = await db().$transaction([
    db().$executeRaw`
      WITH gone AS (
        UPDATE access_keys SET deleted_at = now()
        WHERE aws_account_id = ${acct.awsAccountId} AND deleted_at IS NULL AND last_seen_at < ${seenAt}::timestamptz
        RETURNING id, status
      )
      INSERT INTO access_key_events (access_key_id, at, kind, "from", "to") SELECT id, now(), 'deleted', status::text, NULL FROM gone`,
    db().$executeRaw`
      UPDATE iam_users SET deleted_at = now()
      WHERE aws_account_id = ${acct.awsAccountId} AND deleted_at IS NULL
        AND (last_seen_at < ${seenAt}::timestamptz OR user_name = ANY(${vanishedUsers}::text[]))`,
  ]);
  return keys;
}

/** The users an earlier job of this run listed and wrote (last seen at the run's start). */
export async function listedUsers(
  awsAccountId: string,
  seenAt: Date,
): Promise<{ id: string; userName: string; owner: string | null; team: string | null }[]> {
  return sql(
    `SELECT id, user_name AS "userName", owner, team FROM iam_users
      WHERE aws_account_id = $1 AND last_seen_at = $2::timestamptz AND deleted_at IS NULL
      ORDER BY user_name`,
    [awsAccountId, seenAt.toISOString()],
  );
}

/** What the account held before this run: decides which events a key gets. */
export async function loadKnownKeys(awsAccountId: string): Promise<Map<string, { status: string; deleted: boolean }>> {
  const rows = await sql<{ accessKeyId: string; status: string; deleted: boolean }>(
    `SELECT access_key_id AS "accessKeyId", status::text AS status, deleted_at IS NOT NULL AS deleted FROM access_keys WHERE aws_account_id = $1`,
    [awsAccountId],
  );
  return new Map(rows.map((r) => [r.accessKeyId, { status: r.status, deleted: r.deleted }]));
}
