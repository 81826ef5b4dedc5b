import "server-only";
import { sql } from "@/lib/db";

// Metrics read from Postgres at scrape time: true across every replica and worker.

type Line = { name: string; help: string; type: "gauge" | "counter"; samples: { labels?: Record<string, string>; value: number }[] };

const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

function render(lines: Line[]): string {
  return lines
    .map((l) => {
      const samples = l.samples.map((s) => {
        const labels = s.labels
          ? `{${Object.entries(s.labels)
              .map(([k, v]) => `${k}="${esc(v)}"`)
              .join(",")}}`
          : "";
        return `${l.name}${labels} ${Number.isFinite(s.value) ? s.value : 0}`;
      });
      return [`# HELP ${l.name} ${l.help}`, `# TYPE ${l.name} ${l.type}`, ...samples].join("\n");
    })
    .join("\n");
}

export async function collectDatabaseMetrics(): Promise<string> {
  const [syncs, lastSync, rotations, rotationTime, keys, audit] = await Promise.all([
    sql<{ status: string; n: string }>("SELECT status, count(*) AS n FROM inventory_syncs GROUP BY status"),
    sql<{ finished: number | null; seconds: number | null }>(
      `SELECT extract(epoch FROM finished_at)::float8 AS finished, extract(epoch FROM finished_at - coalesce(started_at, created_at))::float8 AS seconds
         FROM inventory_syncs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1`,
    ),
    sql<{ status: string; n: string }>("SELECT status::text AS status, count(*) AS n FROM rotations GROUP BY status"),
    sql<{ sum: number | null; n: string }>(
      "SELECT sum(extract(epoch FROM finished_at - started_at))::float8 AS sum, count(*) AS n FROM rotations WHERE finished_at IS NOT NULL",
    ),
    // One row per label value: a key gone from AWS is "deleted" whatever its last status, so
    // group by the label itself (two samples with the same labels break a Prometheus scrape).
    sql<{ status: string; n: string }>(
      "SELECT CASE WHEN deleted_at IS NOT NULL THEN 'deleted' ELSE lower(status::text) END AS status, count(*) AS n FROM access_keys GROUP BY 1",
    ),
    sql<{ n: string }>("SELECT count(*) AS n FROM audit_events"),
  ]);
  return render([
    {
      name: "keyless_inventory_syncs_total",
      help: "Inventory sync runs, by final status.",
      type: "counter",
      samples: syncs.map((r) => ({ labels: { status: r.status }, value: Number(r.n) })),
    },
    {
      name: "keyless_inventory_last_sync_timestamp_seconds",
      help: "When the last inventory sync finished.",
      type: "gauge",
      samples: [{ value: lastSync[0]?.finished ?? 0 }],
    },
    {
      name: "keyless_inventory_last_sync_duration_seconds",
      help: "How long the last inventory sync took.",
      type: "gauge",
      samples: [{ value: lastSync[0]?.seconds ?? 0 }],
    },
    {
      name: "keyless_rotations_total",
      help: "Key rotations, by status (running and waiting are in progress).",
      type: "counter",
      samples: rotations.map((r) => ({ labels: { status: r.status }, value: Number(r.n) })),
    },
    {
      name: "keyless_rotation_duration_seconds_sum",
      help: "Total time of finished rotations (grace periods included).",
      type: "counter",
      samples: [{ value: rotationTime[0]?.sum ?? 0 }],
    },
    {
      name: "keyless_rotation_duration_seconds_count",
      help: "Finished rotations.",
      type: "counter",
      samples: [{ value: Number(rotationTime[0]?.n ?? 0) }],
    },
    {
      name: "keyless_access_keys",
      help: "IAM access keys in the inventory, by AWS status (deleted = gone from AWS).",
      type: "gauge",
      samples: keys.map((r) => ({ labels: { status: r.status }, value: Number(r.n) })),
    },
    {
      name: "keyless_audit_events_total",
      help: "Entries in the audit log.",
      type: "counter",
      samples: [{ value: Number(audit[0]?.n ?? 0) }],
    },
  ]);
}
