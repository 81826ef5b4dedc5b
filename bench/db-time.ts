// The sync's own database time, counted by Postgres itself: pg_stat_statements' execution time
// of every statement the application's role ran in the bench database over the run, split into
// pg-boss's (its queue schema) and the rest (the sync: startSync, the worker's account jobs,
// their bookkeeping and writes; any other job the worker ran meanwhile counts here too, so
// this never undercounts the sync). The bench's own polling runs as the database owner and is
// left out. Planning time is not counted (pg_stat_statements.track_planning is off), nor the
// network round trips: this is the time Postgres was busy for the sync, summed over sessions.
import pg from "pg";
import { APP_ROLE } from "../scripts/sandbox/db-roles";

export type StatementTime = { syncMs: number; bossMs: number; top: { query: string; calls: number; ms: number }[] };

async function withOwner<T>(ownerUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const resetStatementTime = (ownerUrl: string) =>
  withOwner(ownerUrl, async (c) => void (await c.query("SELECT pg_stat_statements_reset()")));

export async function statementTime(ownerUrl: string): Promise<StatementTime> {
  const rows = await withOwner(ownerUrl, async (c) => {
    const r = await c.query<{ query: string; calls: string; ms: number }>(
      `SELECT s.query, s.calls, s.total_exec_time AS ms FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
       WHERE r.rolname = $1 AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       ORDER BY s.total_exec_time DESC`,
      [APP_ROLE],
    );
    return r.rows;
  });
  const boss = (q: string) => /\bpgboss\./.test(q);
  const sum = (xs: typeof rows) => xs.reduce((n, r) => n + Number(r.ms), 0);
  return {
    syncMs: sum(rows.filter((r) => !boss(r.query))),
    bossMs: sum(rows.filter((r) => boss(r.query))),
    top: rows
      .filter((r) => !boss(r.query))
      .slice(0, 6)
      .map((r) => ({ query: r.query.replace(/\s+/g, " ").slice(0, 90), calls: Number(r.calls), ms: Number(r.ms) })),
  };
}
