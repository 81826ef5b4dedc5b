import { expect, test } from "@playwright/test";
import { query, roleIdByName } from "./db";
import { storageFor } from "./users";

// The test sandbox sets KEYLESS_METRICS_TOKEN (scripts/sandbox/stack.ts). What the metrics
// say is checked against what happened: one issuance adds exactly one, and the counts read
// from Postgres are the counts in Postgres.
const TOKEN = "test-metrics-scrape-token";

type Samples = Map<string, number>;

/** Prometheus text format → `name{labels}` → value. A series twice is an error, as in Prometheus. */
function parse(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    const series = line.slice(0, at);
    expect(samples.has(series), `duplicate series ${series}`).toBe(false);
    samples.set(series, Number(line.slice(at + 1)));
  }
  return samples;
}

const sum = (s: Samples, prefix: string) => [...s].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);

test("Prometheus metrics need the scrape token and count issuance, syncs, rotations, keys and audit entries", async ({
  browser,
  request,
}) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { Authorization: "Bearer wrong-token-wrong-token" } })).status()).toBe(401);
  const scrape = async () => {
    const res = await request.get("/api/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status()).toBe(200);
    return parse(await res.text());
  };

  const issuedKey = 'keyless_credentials_issued_total{kind="credentials",outcome="success"}';
  const timedKey = 'keyless_credentials_issue_duration_seconds_count{kind="credentials"}';
  const before = await scrape();
  const alice = await (await browser.newContext({ storageState: storageFor("alice") })).newPage();
  await alice.goto("/");
  const issued = await alice.request.post("/api/v1/credentials", {
    data: { roleId: await roleIdByName("SandboxDeveloper") },
    headers: { Origin: new URL(alice.url()).origin },
  });
  expect(issued.status()).toBe(200);
  const after = await scrape();
  // e2e runs one test at a time: nothing else issues credentials meanwhile.
  expect((after.get(issuedKey) ?? 0) - (before.get(issuedKey) ?? 0)).toBe(1);
  expect((after.get(timedKey) ?? 0) - (before.get(timedKey) ?? 0)).toBe(1);
  expect(after.get("keyless_process_resident_memory_bytes")).toBeGreaterThan(10 * 1024 * 1024);

  // Counted from Postgres: equal to the rows (the worker may be writing: read until still).
  const counts = async () => {
    const [syncs, rotations, keys, audit] = await Promise.all([
      query<{ n: string }>("SELECT count(*) AS n FROM inventory_syncs"),
      query<{ n: string }>("SELECT count(*) AS n FROM rotations"),
      query<{ n: string }>("SELECT count(*) AS n FROM access_keys"),
      query<{ n: string }>("SELECT count(*) AS n FROM audit_events"),
    ]);
    return [syncs, rotations, keys, audit].map((r) => Number(r[0]?.n));
  };
  await expect
    .poll(
      async () => {
        const db = await counts();
        const m = await scrape();
        const shown = [
          sum(m, "keyless_inventory_syncs_total"),
          sum(m, "keyless_rotations_total"),
          sum(m, "keyless_access_keys{"),
          m.get("keyless_audit_events_total") ?? -1,
        ];
        const again = await counts();
        // On a mismatch the poll's last value says which counts differ (syncs, rotations, keys, audit).
        if (JSON.stringify(db) !== JSON.stringify(again)) return "moving";
        return JSON.stringify(shown) === JSON.stringify(db) ? "equal" : `shown ${JSON.stringify(shown)} ≠ rows ${JSON.stringify(db)}`;
      },
      { timeout: 30_000 },
    )
    .toBe("equal");
  // Not vacuous: alice's issuance above is in the audit count.
  expect((await counts())[3]).toBeGreaterThan(0);
});
