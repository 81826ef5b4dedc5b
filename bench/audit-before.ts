// The plans before issue 16 (`npm run bench:audit -- --before`): main's indexes — (at),
// (actor_email, at), (action, at) — rebuilt beside this branch's, and the SQL main's Prisma
// query sent for the same shapes: ILIKE '%actor%', LIKE 'prefix%', the time range on `at`,
// ORDER BY id DESC LIMIT 51; and the page's action list, SELECT DISTINCT over every row.
// EXPLAIN (ANALYZE, BUFFERS) each, 20 s at most.
import pg from "pg";

export type OldShape = {
  label: string;
  actorId?: string;
  actor?: string;
  action?: string;
  outcome?: string;
  since?: string;
  until?: string;
  cursor?: string;
};

const OLD_INDEXES = [
  `CREATE INDEX "bench_old_at_idx" ON audit_events (at)`,
  `CREATE INDEX "bench_old_actor_email_at_idx" ON audit_events (actor_email, at)`,
  `CREATE INDEX "bench_old_action_at_idx" ON audit_events (action, at)`,
];
const MINE = [
  "audit_events_at_id_idx",
  "audit_events_actor_id_id_idx",
  "audit_events_actor_email_id_idx",
  "audit_events_action_id_idx",
  "audit_events_target_id_id_idx",
];

function oldSql(s: OldShape): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const where: string[] = [];
  const p = (v: unknown) => `$${values.push(v)}`;
  if (s.actorId) where.push(`actor_id = ${p(s.actorId)}`);
  if (s.actor) where.push(`actor_email ILIKE ${p(`%${s.actor}%`)}`);
  if (s.action) where.push(`action LIKE ${p(`${s.action}%`)}`);
  if (s.outcome) where.push(`outcome = ${p(s.outcome)}::"AuditOutcome"`);
  if (s.since) where.push(`at >= ${p(s.since)}`);
  if (s.until) where.push(`at < ${p(s.until)}`);
  if (s.cursor) where.push(`id < ${p(s.cursor)}::bigint`);
  const text = `SELECT id, at, actor_email, action, target_type, target_id, outcome, ip, request_id, details, hash FROM audit_events
    ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT 51 OFFSET 0`;
  return { text, values };
}

/** Plans with main's indexes only (this branch's are hidden inside a rolled-back transaction). */
export async function plansBefore(ownerUrl: string, shapes: OldShape[], log: (l: string) => void): Promise<string[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const out: string[] = [];
  try {
    for (const def of OLD_INDEXES) await client.query(def);
    await client.query("ANALYZE audit_events");
    log("main's indexes built");
    const explain = async (label: string, text: string, values: unknown[]) => {
      await client.query("BEGIN");
      try {
        await client.query("SET LOCAL statement_timeout = '20s'");
        for (const name of MINE) await client.query(`DROP INDEX "${name}"`);
        const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
        out.push(`── ${label} (before)\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}\n`);
      } catch (error) {
        out.push(`── ${label} (before)\n${(error as Error).message}\n`);
      } finally {
        await client.query("ROLLBACK");
      }
    };
    for (const s of shapes) {
      const { text, values } = oldSql(s);
      await explain(s.label, text, values);
    }
    await explain("the page's action list (Prisma distinct)", "SELECT DISTINCT action FROM audit_events ORDER BY action", []);
    for (const def of OLD_INDEXES) await client.query(`DROP INDEX "${/"([^"]+)"/.exec(def)![1]}"`);
    return out;
  } finally {
    await client.end();
  }
}
