import pg from "pg";

// Direct database reads for assertions ("the database is unchanged"), and set-up the
// app's own role may not do (planting triggers on the audit log): as the owner.

const pool = new pg.Pool({ connectionString: process.env.MIGRATION_DATABASE_URL, max: 2 });

/** For helpers that take a pool (scripts/sandbox/sessions.ts). */
export const e2ePool = pool;

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pool.query<T>(sql, params)).rows;
}

export async function roleIdByName(roleName: string): Promise<string> {
  const [row] = await query<{ id: string }>("SELECT id FROM aws_roles WHERE role_name = $1", [roleName]);
  if (!row) throw new Error(`no role ${roleName}`);
  return row.id;
}

/**
 * Columns the worker rewrites on its own schedule, whatever a request does: the periodic
 * re-read of people's groups at the IdP (lib/lifecycle/identity-refresh.ts) stamps when it
 * confirmed them, sessions note when they were last seen, and each write of a role's
 * KeylessRevokedSessions policy (lib/lifecycle/revocation-apply.ts, seconds after any
 * revocation and again on its schedule) stamps every entry of that role as applied, failed
 * or cleared. A revocation a request should not have made still shows: as a new row.
 */
const VOLATILE: Record<string, string[]> = {
  users: ["groups_checked_at", "groups_check_due_at", "updated_at"],
  auth_accounts: ["refresh_token_encrypted", "updated_at"],
  sessions: ["last_seen_at"],
  aws_session_revocations: ["applied_at", "error", "cleared_at"],
};

/** A fingerprint of the tables a refused request must not change. */
export async function snapshot(tables: string[]): Promise<string> {
  const parts: string[] = [];
  for (const t of tables) {
    const row = (VOLATILE[t] ?? []).reduce((expr, column) => `${expr} - '${column}'`, "to_jsonb(x)");
    const rows = await query(`SELECT md5(coalesce(string_agg((${row})::text, '|' ORDER BY (${row})::text), '')) AS h FROM ${t} x`);
    parts.push(`${t}:${String(rows[0]?.h)}`);
  }
  return parts.join(",");
}
