import pg from "pg";
import { describe, expect, it } from "vitest";
import { auditPageSql, type PageFilters } from "@/lib/audit/page-sql";

// The plan each audit query shape gets at a moderate size (60,000 rows, skewed like
// bench/audit.ts): an index walked newest-first (or, for a rare value, its few rows fetched
// through its index and sorted), never a sequential scan of the log nor a sort of every match. The rows are written and ANALYZEd inside a transaction that is
// rolled back, as the owner with the chain bypassed (session_replication_role), so the real
// chain other tests verify never sees them. EXPLAIN output only, no timing.

const ROWS = 60_000;
const BASE = 900_000_000_000; // ids far above the sequence's, invisible to everyone else anyway

type Plan = { "Node Type": string; "Index Name"?: string; "Relation Name"?: string; "Plan Rows": number; Plans?: Plan[] };
const nodes = (p: Plan): Plan[] => [p, ...(p.Plans ?? []).flatMap(nodes)];

// Rare values (≈0.2% of the rows) must use their own index. For a common one the planner may
// rightly walk the primary key backwards instead (51 matches come within a few thousand
// rows); either is an index walk that stops after the page.
const PK = "audit_events_pkey";
const SHAPES: { label: string; f: Omit<PageFilters, "limit">; index: string[] }[] = [
  { label: "no filter", f: {}, index: [PK] },
  { label: "no filter, deep cursor", f: { cursor: String(BASE + 1000) }, index: [PK] },
  { label: "own entries", f: { actorId: "plan-u-150" }, index: ["audit_events_actor_id_id_idx"] },
  { label: "actor", f: { actor: "plan150@example.com" }, index: ["audit_events_actor_email_id_idx"] },
  {
    label: "common actor, deep cursor",
    f: { actor: "plan0@example.com", cursor: String(BASE + 1000) },
    index: ["audit_events_actor_email_id_idx", PK],
  },
  { label: "action", f: { action: "plan.rare" }, index: ["audit_events_action_id_idx"] },
  { label: "action prefix", f: { action: "plan." }, index: ["audit_events_action_id_idx"] },
  { label: "target", f: { target: "target-7" }, index: ["audit_events_target_id_id_idx"] },
  {
    label: "time range",
    f: { since: new Date(Date.now() - 20 * 86_400_000), until: new Date(Date.now() - 10 * 86_400_000) },
    index: ["audit_events_at_id_idx"],
  },
  {
    label: "actor + time range",
    f: { actor: "plan150@example.com", since: new Date(Date.now() - 20 * 86_400_000) },
    index: ["audit_events_actor_email_id_idx"],
  },
];

describe("audit query plans", () => {
  it("walks an index for every filter shape, with no sequential scan", async () => {
    const owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
    await owner.connect();
    try {
      await owner.query("BEGIN");
      await owner.query("SET LOCAL session_replication_role = replica");
      await owner.query(
        `INSERT INTO audit_events (id, at, actor_id, actor_email, action, target_type, target_id, outcome, details, prev_hash, hash)
         SELECT $1::bigint + i, now() - interval '60 days' + i * interval '86 seconds', 'plan-u-' || p, 'plan' || p || '@example.com',
           CASE WHEN i % 500 = 0 THEN 'plan.rare' ELSE (ARRAY['plan.issue', 'plan.open', 'plan.sign_in'])[1 + i % 3] END,
           'aws_role', 'target-' || (i % 400), (CASE WHEN i % 50 = 0 THEN 'denied' ELSE 'success' END)::"AuditOutcome", '{}', '', md5(i::text)
         FROM generate_series(1, $2::int) AS i, LATERAL (SELECT (i * 7919 % 1000) * (i * 7919 % 1000) / 5000 AS p) x`,
        [BASE, ROWS],
      );
      await owner.query("ANALYZE audit_events");
      for (const shape of SHAPES) {
        const { text, values } = auditPageSql({ ...shape.f, limit: 51 });
        const { rows } = await owner.query<{ "QUERY PLAN": { Plan: Plan }[] }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
        const plan = nodes(rows[0]!["QUERY PLAN"][0]!.Plan);
        const scans = plan.filter((n) => n["Relation Name"] === "audit_events");
        expect(
          scans.filter((n) => n["Node Type"] === "Seq Scan"),
          shape.label,
        ).toEqual([]);
        const used = plan.flatMap((n) => n["Index Name"] ?? []);
        expect(
          shape.index.some((i) => used.includes(i)),
          `${shape.label}: ${used.join(", ")}`,
        ).toBe(true);
        // A sort may only order a few rows (a rare value's, or the per-action walks'), never every match.
        expect(
          plan.filter((n) => n["Node Type"] === "Sort" && n["Plan Rows"] > 2000),
          shape.label,
        ).toEqual([]);
      }
    } finally {
      await owner.query("ROLLBACK").catch(() => undefined);
      await owner.end();
    }
  });
});
