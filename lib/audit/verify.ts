import "server-only";
import { createHash } from "node:crypto";
import { sealMatches } from "@/lib/audit/seal";

// Walks the whole chain in the app, not in the database: an owner can replace the
// database's functions (keyless_audit_verify, keyless_audit_digest) but not this code nor
// the key. Each entry must link to its predecessor, match its SHA-256 (the formula of
// keyless_audit_digest), and carry a valid seal; entries before the first seal were written
// before the key existed and are reported as "unsealed before …", not as tampering. An
// unsealed entry after a sealed one is a removed seal. The previous verification, itself
// sealed, pins what was already checked: its last entry must still be there, unchanged.

export type Query = <R>(text: string, values: unknown[]) => Promise<R[]>;

export type ChainHead = {
  count: number;
  lastId: string | null;
  hash: string;
  /** The last entry's seal: what the head's reader checks with the key. */
  mac: string | null;
  verifiedAt: string;
  ok: boolean;
  firstBadId: string | null;
  problem: string | null;
  /** Entries written before the key existed: how many, and when sealing began. */
  unsealed: number;
  unsealedBefore: string | null;
  sealed: boolean;
};

type Row = { id: string; prev_hash: string; hash: string; mac: string | null; at: Date; digest_input: string };

const PAGE = 2000;
// keyless_audit_digest's input, built by the database's own text forms (jsonb, timestamps).
const SELECT_PAGE = `
  SELECT e.id::text AS id, e.prev_hash, e.hash, m.mac, e.at,
    concat_ws('|', e.prev_hash, e.id::text, ((extract(epoch FROM e.at) * 1000000)::bigint)::text,
      coalesce(e.actor_id, ''), coalesce(e.actor_email, ''), e.action, coalesce(e.target_type, ''), coalesce(e.target_id, ''),
      e.outcome::text, coalesce(e.ip, ''), coalesce(e.user_agent, ''), coalesce(e.request_id, ''), e.details::text) AS digest_input
  FROM audit_events e LEFT JOIN audit_macs m ON m.event_id = e.id
  WHERE e.id > $1 ORDER BY e.id LIMIT ${PAGE}`;

export async function verifyChain(query: Query, key: Buffer | null, previous: ChainHead | null, now = new Date()): Promise<ChainHead> {
  const head: ChainHead = {
    ...{ count: 0, lastId: null, hash: "", mac: null, verifiedAt: now.toISOString(), ok: true, firstBadId: null, problem: null },
    ...{ unsealed: 0, unsealedBefore: null, sealed: key !== null },
  };
  const bad = (id: string, problem: string) => ({ ...head, ok: false, firstBadId: id, problem });
  let sealing = false;
  for (let after = "0"; ;) {
    const rows = await query<Row>(SELECT_PAGE, [after]);
    for (const row of rows) {
      if (row.prev_hash !== head.hash) return bad(row.id, "its link to the previous entry is broken (an entry was removed or reordered)");
      if (createHash("sha256").update(row.digest_input, "utf8").digest("hex") !== row.hash)
        return bad(row.id, "its content does not match its hash (it was changed)");
      if (key && row.mac && !sealMatches(row.hash, row.mac, key))
        return bad(row.id, "its seal does not match (it was changed and re-hashed)");
      if (key && !row.mac && sealing) return bad(row.id, "it has no seal although earlier entries have one (its seal was removed)");
      if (key && row.mac && !sealing) [sealing, head.unsealedBefore] = [true, row.at.toISOString()];
      if (key && !row.mac) head.unsealed += 1;
      if (previous?.lastId === row.id && previous.hash !== row.hash) return bad(row.id, "it differs from the last verified head");
      Object.assign(head, { count: head.count + 1, lastId: row.id, hash: row.hash, mac: row.mac });
    }
    if (rows.length < PAGE) break;
    after = head.lastId ?? "0";
  }
  if (previous?.lastId && BigInt(head.lastId ?? "0") < BigInt(previous.lastId))
    return bad(previous.lastId, "the log ends before the last verified head (entries were removed)");
  if (key && previous?.unsealedBefore && head.unsealed > previous.unsealed)
    return bad(head.lastId ?? "0", "more entries are unsealed than at the last verification (seals were removed)");
  return head;
}
