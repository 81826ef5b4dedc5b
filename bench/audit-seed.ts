// 10 million audit rows for bench/audit.ts, generated inside Postgres (INSERT … SELECT
// generate_series), not shipped from Node. The bench measures reads only, so it writes as the
// database owner with session_replication_role = replica: the chain trigger (hash, prev_hash),
// the append-only triggers and the seals (audit_macs) are bypassed; `hash` and `prev_hash` get
// filler of the real width. ids and `at` rise together over two years, as the trigger makes them.
// The secondary indexes are dropped during the load and rebuilt after it, as they were.
import pg from "pg";
import { AUDIT_ACTIONS } from "../lib/audit/actions";

/** Most common first: issuing credentials dominates, then console sign-ins and sign-ins. */
export const COMMON_ACTIONS = ["credentials.issue", "console.open", "auth.sign_in", "authz.denied", "inventory.sync.finish"];
const ACTIONS = [...COMMON_ACTIONS, ...AUDIT_ACTIONS.filter((a) => !COMMON_ACTIONS.includes(a))];
export const PEOPLE = 10_000;
const DAYS = 730;

export const personEmail = (k: number) => `person${k}@example.com`;
/** The k-th most active role, as credentials.issue entries name it. */
export const roleArn = (k: number) => `arn:aws:iam::${String(100000000000 + (k % 1000))}:role/Role${Math.floor(k / 1000)}`;

export async function seedAuditRows(ownerUrl: string, rows: number, engineerId: string, log: (l: string) => void): Promise<void> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query("SET session_replication_role = replica");
    await owner.query("SET maintenance_work_mem = '512MB'");
    const { rows: indexes } = await owner.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'audit_events' AND indexname <> 'audit_events_pkey'`,
    );
    for (const i of indexes) await owner.query(`DROP INDEX "${i.name}"`);
    const batch = 1_000_000;
    for (let from = 1; from <= rows; from += batch) {
      const started = performance.now();
      // Skew: person k acts with weight ~ 1/k (random()^3), actions by random()^4 over the list
      // above, targets by random()^2 over 5,000 roles; 8% of entries are the system's.
      await owner.query(
        // eslint-disable-next-line no-restricted-syntax -- the bench writes as the owner, chain bypassed/measured (see the header)
        `INSERT INTO audit_events (id, at, actor_id, actor_email, action, target_type, target_id, outcome, ip, user_agent, request_id, details, prev_hash, hash)
         SELECT i, now() - make_interval(days => $4) + (i::float8 / $2) * make_interval(days => $4),
           CASE WHEN sys THEN NULL WHEN p = 42 THEN $5 ELSE 'bench-u-' || p END,
           CASE WHEN sys THEN 'system:' || (ARRAY['worker','scim','inventory'])[1 + p % 3] ELSE 'person' || p || '@example.com' END,
           act, CASE WHEN act LIKE 'credentials.%' OR act = 'console.open' THEN 'aws_role' ELSE 'user' END,
           CASE WHEN act LIKE 'credentials.%' OR act = 'console.open'
             THEN 'arn:aws:iam::' || (100000000000 + r % 1000) || ':role/Role' || (r / 1000) ELSE 'bench-u-' || (p * 7 % $6::int) END,
           (CASE WHEN act = 'authz.denied' THEN 'denied' WHEN o < 0.04 THEN 'denied' WHEN o < 0.06 THEN 'failure' ELSE 'success' END)::"AuditOutcome",
           '10.' || (p % 250) || '.' || (p / 250 % 250) || '.7', 'Mozilla/5.0 (bench)', md5(i::text),
           jsonb_build_object('region', 'eu-west-1', 'durationSeconds', 3600, 'n', i % 97),
           md5((i - 1)::text) || md5((i + 7)::text), md5(i::text) || md5((i + 7)::text)
         FROM (SELECT i, random() < 0.08 AS sys, floor($6::int * random() ^ 3)::int AS p,
                 ($3::text[])[1 + floor(cardinality($3::text[]) * random() ^ 4)::int] AS act,
                 floor(5000 * random() ^ 2)::int AS r, random() AS o
               FROM generate_series($1::bigint, $1::bigint + $7 - 1) AS i) g`,
        [from, rows, ACTIONS, DAYS, engineerId, PEOPLE, Math.min(batch, rows - from + 1)],
      );
      log(`${Math.min(from + batch - 1, rows).toLocaleString()} rows (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    await owner.query(`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), $1)`, [rows]);
    for (const i of indexes) {
      const started = performance.now();
      await owner.query(i.def);
      log(`${i.name} rebuilt (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    await owner.query("VACUUM ANALYZE audit_events");
  } finally {
    await owner.end();
  }
}
