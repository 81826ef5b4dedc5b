// What each audit index costs the write path (the audit write is on the vending hot path):
// single-entry INSERTs through the chain trigger (advisory lock, previous hash, SHA-256) — as auth.sign_in, which no other trigger follows —
// with every index, then dropping one index at a time. All of a step's inserts share one
// transaction: a commit's fsync (milliseconds on this shared disk) would drown the few
// microseconds an index costs; the app pays that commit once per entry whatever the indexes. Runs last: it leaves the bench database without its secondary indexes.
import pg from "pg";
import { percentile } from "./harness";

const INSERTS = 1500;
const DROP_ORDER = [
  "audit_events_target_id_id_idx",
  "audit_events_actor_id_id_idx",
  "audit_events_actor_email_id_idx",
  "audit_events_action_id_idx",
  "audit_events_at_id_idx",
];

async function timeInserts(client: pg.Client): Promise<number> {
  const samples: number[] = [];
  await client.query("BEGIN");
  for (let i = 0; i < INSERTS; i++) {
    const started = performance.now();
    await client.query(
      // eslint-disable-next-line no-restricted-syntax -- the bench writes as the owner, chain bypassed/measured (see the header)
      `INSERT INTO audit_events (actor_id, actor_email, action, outcome, target_type, target_id, ip, user_agent, request_id, details)
       VALUES ($1, $2, 'auth.sign_in', 'success', 'user', $3, '10.0.0.7', 'Mozilla/5.0 (bench)', md5(random()::text), '{"region":"eu-west-1"}')`,
      [`bench-u-${i % 977}`, `person${i % 977}@example.com`, `arn:aws:iam::100000000${String(i % 997).padStart(3, "0")}:role/Role${i % 5}`],
    );
    samples.push(performance.now() - started);
  }
  await client.query("COMMIT");
  return percentile(samples, 50) * 1000;
}

export async function insertCosts(ownerUrl: string, log: (l: string) => void): Promise<{ label: string; us: number }[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const out = [{ label: "pkey + 5 indexes (this branch)", us: await timeInserts(client) }];
    log(`${out[0]!.label}: ${out[0]!.us.toFixed(0)} µs`);
    for (const [n, name] of DROP_ORDER.entries()) {
      await client.query(`DROP INDEX "${name}"`);
      out.push({
        label: `pkey + ${DROP_ORDER.length - n - 1} (without ${DROP_ORDER.slice(0, n + 1)
          .map((x) => x.replace(/^audit_events_|_idx$/g, ""))
          .join(", ")})`,
        us: await timeInserts(client),
      });
      log(`${out.at(-1)!.label}: ${out.at(-1)!.us.toFixed(0)} µs`);
    }
    return out;
  } finally {
    await client.end();
  }
}
