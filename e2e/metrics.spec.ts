import { expect, test } from "@playwright/test";
import { roleIdByName } from "./db";
import { storageFor } from "./users";

// The test sandbox sets KEYLESS_METRICS_TOKEN (scripts/sandbox/stack.ts).
const TOKEN = "test-metrics-scrape-token";

test("Prometheus metrics need the scrape token and count issuance, syncs, rotations and keys", async ({ browser, request }) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect((await request.get("/api/metrics", { headers: { Authorization: "Bearer wrong-token-wrong-token" } })).status()).toBe(401);

  const alice = await (await browser.newContext({ storageState: storageFor("alice") })).newPage();
  await alice.goto("/");
  const origin = new URL(alice.url()).origin;
  const issued = await alice.request.post("/api/v1/credentials", {
    data: { roleId: await roleIdByName("SandboxDeveloper") },
    headers: { Origin: origin },
  });
  expect(issued.status()).toBe(200);

  const res = await request.get("/api/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).toMatch(/keyless_credentials_issued_total\{kind="credentials",outcome="success"\} [1-9]/);
  expect(text).toContain("keyless_credentials_issue_duration_seconds_bucket");
  for (const name of [
    "keyless_inventory_syncs_total",
    "keyless_rotations_total",
    "keyless_access_keys",
    "keyless_audit_events_total",
    "keyless_process_resident_memory_bytes",
  ]) {
    expect(text).toContain(name);
  }
});
