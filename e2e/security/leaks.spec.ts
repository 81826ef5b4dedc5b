import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { roleIdByName } from "./support/db";
import { afterE2e } from "./support/env";
import { as } from "./support/fixtures";
import { api, json } from "./support/http";
import { dumpDatabase, readLogs, readResponses, scanResponses, Scanner, scanText, type Hit } from "./support/scan";
import { collectSecrets, pushedSecretKeys, type Secret, type SecretKind } from "./support/secrets";

// The secret leak scan (issue 7), the security suite's teardown: it runs last, after the
// e2e phase and every other security spec in the same sandbox. Every secret the run issued
// or pushed (support/secrets.ts) is searched for in a full dump of the database, every line
// of every log, and every response the app sent (the recording proxy in front of it), except
// the one response that delivered it to its owner. Zero hits. The first test proves the
// scanner finds what it looks for, in each of the three places, through the real app.

const KINDS: SecretKind[] = [
  "temporary credentials",
  "IAM access key secret",
  "target API token",
  "OIDC token",
  "CLI token",
  "session cookie",
  "configuration secret",
];

function scanEverything(scanner: Scanner, dump: string) {
  const logs = readLogs();
  const responses = readResponses();
  return {
    database: scanText(scanner, dump, "database dump"),
    logs: logs.flatMap((l) => scanText(scanner, l.text, l.file)),
    responses: scanResponses(scanner, responses),
    counts: { logLines: logs.reduce((n, l) => n + l.text.split("\n").length - 1, 0), logFiles: logs.length, responses: responses.length },
  };
}

const show = (hits: Hit[]) => hits.slice(0, 25).map((h) => `${h.secret.kind} (${h.secret.from}) ${h.form} in ${h.where}: ${h.excerpt}`);

test("the scanner finds a planted secret in the database dump, a log line and a response", async () => {
  test.setTimeout(120_000);
  // A canary that goes where a careless change would put a secret: a column the person's
  // own text is stored in, the request log (the path is logged), and answers that echo it.
  const canary: Secret = {
    kind: "configuration secret",
    value: `kl_canary_${randomUUID().replace(/-/g, "")}`,
    from: "planted by this test",
  };
  const created = await api(as("alice"), "POST", "/api/v1/access-requests", {
    kind: "ROLE_ACCESS",
    roleId: await roleIdByName("ProductionDeploy"),
    durationSeconds: 3600,
    justification: `Leak scan self-check ${canary.value}`,
  });
  expect(created.status, created.text).toBe(201);
  const { id } = json<{ id: string }>(created);
  expect((await api(as("alice"), "GET", `/api/v1/access-requests/${id}`)).text).toContain(canary.value);
  expect((await api({}, "GET", `/api/v1/no/such/${canary.value}`)).status).toBe(404);
  expect((await api(as("alice"), "POST", `/api/v1/access-requests/${id}/cancel`)).status).toBe(200);

  const scanner = new Scanner([canary]);
  // The proxy and the app write their files as they go: wait for the lines to land.
  await expect
    .poll(
      async () => {
        const found = scanEverything(scanner, (await dumpDatabase()).text);
        return { database: found.database.length > 0, logs: found.logs.length > 0, responses: found.responses.hits.length > 0 };
      },
      { timeout: 60_000 },
    )
    .toEqual({ database: true, logs: true, responses: true });
  // And in every form it may take: percent-encoded in a URL, hex in a bytea column.
  expect(scanner.find(`GET /x?q=${encodeURIComponent(`${canary.value}/+`)}`).length).toBe(1);
  expect(
    new Scanner([{ ...canary, value: `${canary.value}/+=` }]).find(`\\x${Buffer.from(`${canary.value}/+=`).toString("hex")}`)[0]?.needle
      .form,
  ).toBe("hex");
  expect(scanner.find(`kl_canary_${randomUUID().replace(/-/g, "")}`)).toEqual([]);
});

test("no secret the run issued or pushed is in the database, a log line, or a response it was not delivered by", async () => {
  test.setTimeout(600_000);
  const responses = readResponses();
  const secrets = await collectSecrets(responses);
  const byKind = new Map(KINDS.map((k) => [k, secrets.filter((s) => s.kind === k).length]));
  const dump = await dumpDatabase();
  const found = scanEverything(new Scanner(secrets), dump.text);
  const pushed = await pushedSecretKeys();

  console.log(`e2e phase ran before: ${afterE2e ? "yes" : "no (security phase alone)"}`);
  console.log(`${secrets.length} secrets: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(", ")}`);
  console.log(`database: ${dump.how}, ${(dump.text.length / 1e6).toFixed(1)} MB`);
  console.log(`logs: ${found.counts.logLines} lines in ${found.counts.logFiles} files; responses: ${found.counts.responses} recorded`);

  const delivered = [...found.responses.delivered].map(([k, t]) => `${k} ${t.found}/${t.delivered}`).join(", ");
  console.log(`delivered to their owners (found by the scanner / delivered): ${delivered}; pushed keys held by targets: ${pushed.length}`);

  // Nothing vacuous: each kind of secret was issued and is looked for, in places that hold the run.
  for (const kind of KINDS) expect(byKind.get(kind), `no ${kind} was collected`).toBeGreaterThan(0);
  expect(found.counts.responses).toBeGreaterThan(afterE2e ? 1000 : 100);
  expect(found.counts.logLines).toBeGreaterThan(100);
  expect(dump.text).toContain("alice@example.com");
  // The scanner finds every secret where it was legitimately delivered...
  for (const kind of ["temporary credentials", "CLI token", "session cookie"]) {
    const t = found.responses.delivered.get(kind);
    expect(t?.delivered, `no ${kind} was delivered in a recorded response`).toBeGreaterThan(0);
    expect(t?.found, `the scanner missed delivered ${kind}`).toBe(t?.delivered);
  }
  // ...and every key the targets hold (their decrypted copies) is among those looked for.
  const collected = new Set(secrets.map((s) => s.value));
  const unsearched = pushed.filter((k) => new Set(k).size >= 8 && !collected.has(k));
  expect(unsearched, "keys held by targets that are not searched for").toEqual([]);
  if (afterE2e) expect(pushed.length, "the e2e run pushed keys to targets").toBeGreaterThan(0);

  expect(show(found.database), "secrets in the database dump").toEqual([]);
  expect(show(found.logs), "secrets in log lines").toEqual([]);
  expect(show(found.responses.hits), "secrets in responses that were not delivering them").toEqual([]);
});
