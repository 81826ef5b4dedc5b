import "server-only";

// The audit page's SQL, shaped for 10 million rows (bench/audit.ts, plans in bench/RESULTS.md).
// Every shape is one statement that walks an index newest-first and stops after `limit` rows:
// - keyset paging on id (the chain trigger takes ids and sets `at` under one lock, so id order
//   is time order); never OFFSET, never a count;
// - each equality filter has an (x, id) index: actor_id (own entries), actor_email, target_id,
//   action; outcome is a filter on whichever index the planner picks (it has 3 values);
// - a time range becomes an id range through the (at, id) index (two index probes), so any
//   index above answers it as a range scan; the `at` predicate stays as well;
// - an action prefix ("cli.") is expanded to the actions it matches by a loose index scan (one
//   probe per distinct action), then merged newest-first from one index range per action:
//   a LIKE range over (action, id) would have to sort every matching row.

export type PageFilters = {
  actorId?: string;
  actor?: string;
  action?: string;
  target?: string;
  outcome?: "success" | "denied" | "failure";
  since?: Date;
  until?: Date;
  cursor?: string;
  limit: number;
};

// The table is aliased `ev` and ORDER BY names `ev.id`: a bare `id` would be the text output column.
const COLUMNS = `ev.id::text AS id, ev.at, ev.actor_email AS "actorEmail", ev.action, ev.target_type AS "targetType",
  ev.target_id AS "targetId", ev.outcome::text AS outcome, ev.ip, ev.request_id AS "requestId", ev.details, ev.hash`;

/** Every distinct action, one index probe each (Postgres has no loose index scan of its own). */
export const DISTINCT_ACTIONS = `WITH RECURSIVE acts(a) AS (
    (SELECT action FROM audit_events ORDER BY action LIMIT 1)
    UNION ALL
    SELECT (SELECT action FROM audit_events WHERE action > acts.a ORDER BY action LIMIT 1) FROM acts WHERE acts.a IS NOT NULL
  )`;

export function auditPageSql(f: PageFilters): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  const where: string[] = [];
  if (f.actorId !== undefined) where.push(`actor_id = ${param(f.actorId)}`);
  if (f.actor) where.push(`actor_email = ${param(f.actor)}`);
  if (f.target) where.push(`target_id = ${param(f.target)}`);
  if (f.outcome) where.push(`outcome = ${param(f.outcome)}::"AuditOutcome"`);
  if (f.since) {
    const p = param(f.since);
    where.push(`at >= ${p}`, `id >= (SELECT id FROM audit_events WHERE at >= ${p} ORDER BY at, id LIMIT 1)`);
  }
  if (f.until) {
    const p = param(f.until);
    where.push(`at < ${p}`, `id <= (SELECT id FROM audit_events WHERE at < ${p} ORDER BY at DESC, id DESC LIMIT 1)`);
  }
  if (f.cursor) where.push(`id < ${param(f.cursor)}::bigint`);
  const limit = param(f.limit);
  if (!f.action) {
    const text = `SELECT ${COLUMNS} FROM audit_events ev ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ev.id DESC LIMIT ${limit}`;
    return { text, values };
  }
  const prefix = param(f.action);
  where.push("action = acts.a");
  const text = `${DISTINCT_ACTIONS}
    SELECT e.* FROM acts CROSS JOIN LATERAL (
      SELECT ${COLUMNS} FROM audit_events ev WHERE ${where.join(" AND ")} ORDER BY ev.id DESC LIMIT ${limit}
    ) e
    WHERE starts_with(acts.a, ${prefix})
    ORDER BY e.id::bigint DESC LIMIT ${limit}`;
  return { text, values };
}
