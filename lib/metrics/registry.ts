import "server-only";
import client from "prom-client";

// Prometheus metrics. Counters of what this process did (credential issuance) live in
// memory; totals of work done by any process (syncs, rotations, keys by state) are read
// from Postgres at scrape time (lib/metrics/collect.ts), so they are right however many
// app and worker replicas run.

const globalForMetrics = globalThis as unknown as { keylessMetrics?: ReturnType<typeof create> };

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "keyless_" });
  const issued = new client.Counter({
    name: "keyless_credentials_issued_total",
    help: "Credentials and console links vended, by kind and outcome.",
    labelNames: ["kind", "outcome"] as const,
    registers: [registry],
  });
  const issueSeconds = new client.Histogram({
    name: "keyless_credentials_issue_duration_seconds",
    help: "Time to vend credentials or a console link, including the STS call.",
    labelNames: ["kind"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, issued, issueSeconds };
}

export function metrics() {
  globalForMetrics.keylessMetrics ??= create();
  return globalForMetrics.keylessMetrics;
}

/** Times one issuance and counts its outcome (success, denied, failure). */
export async function observeIssuance<T>(kind: "credentials" | "console", fn: () => Promise<T>): Promise<T> {
  const m = metrics();
  const end = m.issueSeconds.startTimer({ kind });
  try {
    const value = await fn();
    m.issued.inc({ kind, outcome: "success" });
    return value;
  } catch (error) {
    const status = (error as { status?: number }).status;
    m.issued.inc({ kind, outcome: status === 403 || status === 429 || status === 404 ? "denied" : "failure" });
    throw error;
  } finally {
    end();
  }
}
