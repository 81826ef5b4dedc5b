// Parses IAM's credential report (CSV): per user, per access key, whether it is active,
// when it was created ("last rotated") and when, where and for what it was last used.
// One report replaces a GetAccessKeyLastUsed call per key. Pure, so it is unit-tested.

export type ReportKeyUse = { at: Date | null; service: string | null; region: string | null };
export type ReportKey = { active: boolean; lastRotated: Date | null; lastUsed: ReportKeyUse };
export type ReportRows = Map<string, ReportKey[]>;

const NOT_A_VALUE = new Set(["", "N/A", "not_supported", "no_information"]);

function value(s: string | undefined): string | null {
  return s === undefined || NOT_A_VALUE.has(s) ? null : s;
}

function date(s: string | undefined): Date | null {
  const v = value(s);
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Splits one CSV line; handles quoted fields should AWS ever quote one. */
function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function parseCredentialReport(csv: string): ReportRows {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = splitLine(lines[0] ?? "");
  const width = header.length;
  const col = (name: string) => header.indexOf(name);
  const rows: ReportRows = new Map();
  for (const line of lines.slice(1)) {
    let fields = splitLine(line);
    // IAM user names may contain commas and the report does not quote them: the extra
    // fields belong to the name and the ARN, which come first (the ARN starts "arn:").
    if (fields.length > width) {
      const extra = fields.length - width;
      const head = fields.slice(0, 2 + extra).join(",");
      const at = head.lastIndexOf(",arn:");
      fields = [head.slice(0, at), head.slice(at + 1), ...fields.slice(2 + extra)];
    }
    const user = fields[col("user")];
    if (!user || user === "<root_account>") continue;
    const keys: ReportKey[] = [1, 2].map((n) => ({
      active: fields[col(`access_key_${n}_active`)] === "true",
      lastRotated: date(fields[col(`access_key_${n}_last_rotated`)]),
      lastUsed: {
        at: date(fields[col(`access_key_${n}_last_used_date`)]),
        service: value(fields[col(`access_key_${n}_last_used_service`)]),
        region: value(fields[col(`access_key_${n}_last_used_region`)]),
      },
    }));
    rows.set(
      user,
      keys.filter((k) => k.lastRotated !== null),
    );
  }
  return rows;
}

/**
 * The report's entry for a key, matched on its creation time (to the second: the report's
 * precision). null when none or several match: the caller then asks GetAccessKeyLastUsed.
 */
export function reportEntryFor(rows: ReportRows, userName: string, createdAt: Date): ReportKey | null {
  const second = Math.floor(createdAt.getTime() / 1000);
  const matches = (rows.get(userName) ?? []).filter((k) => k.lastRotated && Math.floor(k.lastRotated.getTime() / 1000) === second);
  return matches.length === 1 ? (matches[0] ?? null) : null;
}
