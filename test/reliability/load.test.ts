import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDb, ENGINEER_GROUPS, signedIn, testDb, type Client } from "./support/api";
import { startLoad, tally } from "./support/load";
import { startApp, stopAll, type App } from "./support/processes";
import { sleep } from "./support/wait";
import { sandboxIssued, verifiedCallerArn, type Credentials } from "@/test/support/vended-credentials";

// 50 people get credentials at once, each asking again the moment the last answer came,
// for 60 s: every request is answered with working-shaped credentials, none with an
// error, and every issuance is in the audit log. The per-person issuance limit (default
// 60 a minute, lib/env.ts) would rightly refuse such a loop; this app instance is started
// with a limit above what one looping person can reach, so the test measures the service,
// not the limiter. The default is not changed.

const USERS = 50;
const DURATION_MS = 60_000;
const CLIENT_TIMEOUT_MS = 30_000;

let app: App;
let people: Client[];
let roleId: string;

beforeAll(async () => {
  app = await startApp(undefined, {
    KEYLESS_CREDENTIALS_USER_RATE_LIMIT_PER_MINUTE: "100000",
    KEYLESS_CREDENTIALS_RATE_LIMIT_PER_MINUTE: "100000",
  });
  people = await Promise.all(Array.from({ length: USERS }, (_, i) => signedIn(`load-${i}`, ENGINEER_GROUPS)));
  const roles = await people[0]!.get<{ id: string; requiresApproval: boolean }[]>(app.url, "/api/v1/aws-roles");
  expect(roles.status).toBe(200);
  roleId = roles.body.find((r) => !r.requiresApproval)?.id ?? "";
  expect(roleId).not.toBe("");
});

afterAll(async () => {
  await stopAll();
  await closeTestDb();
});

describe("50 concurrent people issuing credentials for 60 s", () => {
  it("answers every request with credentials, no error, and audits each one", async () => {
    const startedAt = new Date();
    const load = startLoad(
      people.map((person, i) => ({
        name: `user-${i}`,
        concurrency: 1,
        send: () => person.post(app.url, "/api/v1/credentials", { roleId }, CLIENT_TIMEOUT_MS),
      })),
    );
    await sleep(DURATION_MS);
    const samples = await load.stop();

    const failures = samples.filter((s) => s.status !== 200);
    const summary = JSON.stringify(tally(failures)).slice(0, 2000);
    expect(failures, summary).toEqual([]);
    expect(app.child.exitCode).toBeNull();

    // Each answer is a credential set, and everyone got served (no one starved).
    for (const s of samples) {
      const body = s.body as Record<string, unknown>;
      expect(
        typeof body.accessKeyId === "string" && typeof body.secretAccessKey === "string" && typeof body.sessionToken === "string",
      ).toBe(true);
    }
    // Exactly what STS issued (secret and token included), and one per person signs a working request.
    for (const s of samples) expect(await sandboxIssued(s.body as Credentials)).toMatchObject({ known: true, valid: true });
    const onePerPerson = new Map(samples.map((s) => [s.loop, s.body as Credentials]));
    for (const creds of onePerPerson.values()) expect(await verifiedCallerArn(creds)).toMatch(/:assumed-role\//);
    const perUser = new Map<string, number>();
    for (const s of samples) perUser.set(s.loop, (perUser.get(s.loop) ?? 0) + 1);
    expect(perUser.size).toBe(USERS);
    // Distinct sessions: STS handed out a fresh key pair each time.
    expect(new Set(samples.map((s) => (s.body as { accessKeyId: string }).accessKeyId)).size).toBe(samples.length);

    // Every issuance is audited, once, as a success (fail closed means none went unrecorded).
    const { rows } = await testDb().query<{ outcome: string; n: string }>(
      `SELECT outcome::text, count(*) AS n FROM audit_events
       WHERE action = 'credentials.issue' AND at >= $1 AND actor_email = ANY($2) GROUP BY outcome`,
      [startedAt, people.map((p) => p.email)],
    );
    expect(Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]))).toEqual({ success: samples.length });
    console.log(
      `load: ${samples.length} credential sets in ${DURATION_MS / 1000} s for ${USERS} people (${(samples.length / (DURATION_MS / 1000)).toFixed(1)}/s)`,
    );
  });
});
