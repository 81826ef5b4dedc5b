import { randomUUID } from "node:crypto";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { expect, test } from "@playwright/test";
import { credentialsIn } from "../../scripts/sandbox/aws-clients";
import { storageFor } from "../users";
import { query } from "./support/db";
import { appOrigin, appUrl, motoUrl, standinsUrl } from "./support/env";
import { as, foreignSecret, integration } from "./support/fixtures";
import { api, isProblem, json, sessionOf, type Answer } from "./support/http";
import { streamChunked, withPeakRss } from "./support/stream";

// Issue 12 §5, as an attacker would try it: a target moved to a URL of their choosing
// without the token it was given for; a request that names someone else's secret; a body
// that never ends; requests in a loop. Each is refused with a clear 4xx, and nothing changes.

const MiB = 1024 * 1024;
const LIMIT = 64 * 1024; // the body limit of the API, Slack and SCIM

type Problem = { status: number; detail: string; errors?: { path: string; message: string }[] };
const problem = (a: Answer) => {
  expect(isProblem(a), `${a.status} ${a.text.slice(0, 300)}`).toBe(true);
  return json<Problem>(a);
};

const integrationRow = async (id: string) =>
  (
    await query(
      `SELECT target_type, target_settings, target_token_encrypted, target_token_binding, target_token_set_at, updated_at
         FROM integrations WHERE id = $1`,
      [id],
    )
  )[0];

const aliceRequests = async () =>
  Number(
    (
      await query<{ n: string }>(
        "SELECT count(*) AS n FROM access_requests r JOIN users u ON u.id = r.requester_id WHERE u.email = 'alice@example.com'",
      )
    )[0]?.n,
  );

test("a target URL changed without a new token is refused, in the API and the form, and nothing changes", async ({ browser }) => {
  const { id, userName } = await integration();
  const before = await integrationRow(id);
  const attacker = `${standinsUrl}/webhook/attacker-${randomUUID().slice(0, 8)}`;

  const patched = await api(as("adam"), "PATCH", `/api/v1/integrations/${id}`, { targetSettings: { url: attacker, healthUrl: attacker } });
  expect(patched.status).toBe(422);
  const p = problem(patched);
  expect(p.errors?.[0]?.path).toBe("targetToken");
  expect(p.detail).toMatch(
    /a new Signing secret \(shared with the receiver\) is required: the stored one was given for url .*webhook\/security-/,
  );
  expect(await integrationRow(id)).toEqual(before);
  const [denied] = await query<{ details: { endpoint: { field: string; to: string }[] } }>(
    "SELECT details FROM audit_events WHERE action = 'integration.update' AND target_id = $1 AND outcome = 'denied' ORDER BY id DESC LIMIT 1",
    [id],
  );
  expect(denied?.details.endpoint).toEqual(expect.arrayContaining([expect.objectContaining({ field: "url", to: attacker })]));

  // The same through the edit form in Chromium.
  const context = await browser.newContext({ storageState: storageFor("adam"), baseURL: appUrl });
  const page = await context.newPage();
  await page.goto(`/integrations/${id}/edit`);
  await page.getByLabel("Receiver URL").fill(attacker);
  await page.getByRole("button", { name: "Save integration" }).click();
  await expect(page.getByText(/a new Signing secret \(shared with the receiver\) is required/).first()).toBeVisible();
  await page.screenshot({ path: "test-results/security/targets-token-required.png", fullPage: true });
  expect(await integrationRow(id)).toEqual(before);

  // With a new secret the change is taken, and the token is bound to the new URL.
  await page.getByLabel("Receiver URL").fill(attacker);
  await page.getByLabel("Health URL").fill(attacker);
  await page.getByLabel(/Signing secret/).fill(`whsec_moved_${randomUUID()}`);
  await page.getByRole("button", { name: "Save integration" }).click();
  await expect(page).toHaveURL(new RegExp(`/integrations/${id}$`));
  await expect(page.getByText(`for url ${attacker}, healthUrl ${attacker} only`)).toBeVisible();
  const after = await integrationRow(id);
  expect(after?.target_token_encrypted).not.toEqual(before?.target_token_encrypted);
  expect(after?.target_token_binding).toEqual({ type: "webhook", identity: { url: attacker, healthUrl: attacker } });
  await context.close();
  expect(userName).toMatch(/^security-/);
});

/** Alice asks for a key to read the docs bucket, delivered to the given target. */
const requestDocsReader = (target: { serviceName: string; targetType: string; targetSettings: unknown; targetToken?: string }) =>
  api(as("alice"), "POST", "/api/v1/access-requests", {
    kind: "EXTERNAL_ACCESS",
    accountId: "111111111111",
    ...target,
    inlinePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::docs/*" }],
    }),
    justification: "Publishes previews of the docs site",
    ownerEmail: "alice@example.com",
  });

test("a Secrets Manager request for an existing secret that Keyless did not create is refused", async () => {
  const secretId = await foreignSecret();
  const before = await aliceRequests();
  const res = await requestDocsReader({ serviceName: "Docs preview reader", targetType: "secrets_manager", targetSettings: { secretId } });
  expect(res.status).toBe(422);
  const p = problem(res);
  expect(p.errors?.map((e) => e.path)).toEqual(["targetSettings.secretId"]);
  expect(p.errors?.[0]?.message).toContain(`secret ${secretId} already exists in account 111111111111`);
  expect(await aliceRequests()).toBe(before);
  const sm = new SecretsManagerClient({
    endpoint: motoUrl,
    region: "us-east-1",
    credentials: await credentialsIn(motoUrl, "111111111111"),
  });
  expect((await sm.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString).toBe("payments-db-password");
  sm.destroy();

  // Nor may a request point a webhook at the cloud metadata service.
  const metadata = await requestDocsReader({
    serviceName: "Metadata",
    targetType: "webhook",
    targetSettings: { url: "http://169.254.169.254/latest/meta-data/iam/" },
    targetToken: "whsec_x",
  });
  expect(metadata.status).toBe(422);
  const refused = problem(metadata).errors?.[0];
  expect(refused?.path).toBe("targetSettings.url");
  expect(refused?.message).toMatch(/cloud metadata service/);
  expect(await aliceRequests()).toBe(before);
});

test.describe("a chunked oversized body gets 413 without being buffered", () => {
  const cases = [
    {
      name: "the API (route.ts)",
      path: "/api/v1/access-requests",
      headers: () => ({ "content-type": "application/json", cookie: `keyless.session=${sessionOf("alice")}`, origin: appOrigin }),
      format: "application/problem+json",
    },
    {
      name: "the Slack endpoint",
      path: "/api/slack/interactions",
      headers: () => ({ "content-type": "application/x-www-form-urlencoded" }),
      format: "application/problem+json",
    },
    {
      name: "SCIM",
      path: "/scim/v2/Users",
      headers: () => ({ "content-type": "application/scim+json", authorization: `Bearer ${process.env.KEYLESS_SCIM_TOKEN ?? ""}` }),
      format: "application/scim+json",
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      // Paced, so the sockets' buffers stay empty: the 413 comes right after the limit.
      const paced = await streamChunked(c.path, c.headers(), 16 * MiB, { pauseMs: 10 });
      expect(paced.status, paced.error ?? paced.text.slice(0, 300)).toBe(413);
      expect(paced.contentType).toContain(c.format);
      expect(paced.text).toContain(`at most ${LIMIT} bytes`);
      expect(paced.sentWhenAnswered).toBeGreaterThan(LIMIT);
      expect(paced.sentWhenAnswered).toBeLessThan(2 * MiB);
      expect(paced.sent).toBeLessThan(16 * MiB);

      // Full speed, 128 MiB: the app must not read it all, nor hold what it reads. The
      // sender may see its write fail before it reads the 413 (see Streamed.error).
      const total = 128 * MiB;
      const { result: out, before, peak } = await withPeakRss(() => streamChunked(c.path, c.headers(), total));
      expect(
        out.status === 413 || /^(EPIPE|ECONNRESET)$/.test(out.error ?? ""),
        `${out.status} ${out.error ?? out.text.slice(0, 300)}`,
      ).toBe(true);
      // Refused once the limit was passed (plus what the sockets' buffers hold), while the
      // sender still had more than 120 MiB to go; then the app hung up on it.
      expect(out.sentWhenAnswered).toBeGreaterThan(LIMIT);
      expect(out.sentWhenAnswered).toBeLessThan(8 * MiB);
      expect(out.sent).toBeLessThan(total);
      // The app did not hold the body: its memory grew by far less than what was sent.
      expect(before).toBeGreaterThan(0);
      expect(peak - before, `sent ${Math.round(out.sent / MiB)} MiB`).toBeLessThan(32 * MiB);
      console.log(
        `${c.name}: 413 after ${Math.round(paced.sentWhenAnswered / 1024)} KiB paced; at full speed ${out.status || out.error} ` +
          `after ${Math.round(out.sentWhenAnswered / 1024)} KiB of ${total / MiB} MiB, ${Math.round(out.sent / MiB)} MiB sent in all; ` +
          `app RSS ${Math.round(before / MiB)} MiB, peak ${Math.round(peak / MiB)} MiB`,
      );
    });
  }

  test("a declared Content-Length over the limit is refused before any of the body is read", async () => {
    const res = await api(as("alice"), "POST", "/api/v1/access-requests", undefined, {
      "content-type": "application/json",
      "content-length": String(10 * MiB),
      connection: "close", // the body never comes: do not leave the socket to the next request
    });
    expect(res.status).toBe(413);
    expect(problem(res).detail).toBe(`The body must be at most ${LIMIT} bytes.`);
  });
});

test("creating requests is rate-limited per person: 429 with Retry-After, nothing created", async () => {
  const [alice] = await query<{ id: string }>("SELECT id FROM users WHERE email = 'alice@example.com'");
  const key = `requests:create:user:${alice?.id ?? ""}`;
  const limit = Number(process.env.KEYLESS_REQUEST_RATE_LIMIT_PER_HOUR ?? 20);
  // Alice has used up her hour (the sandbox's limit is high so the other suites can run).
  await query(
    `INSERT INTO rate_limit_counters (key, window_start, count, prev_count)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / 3600) * 3600), $2, 0)
     ON CONFLICT (key) DO UPDATE SET window_start = EXCLUDED.window_start, count = EXCLUDED.count, prev_count = 0`,
    [key, limit],
  );
  try {
    const before = await aliceRequests();
    const [role] = await query<{ id: string }>("SELECT id FROM aws_roles WHERE role_name = 'ProductionDeploy'");
    const body = { kind: "ROLE_ACCESS", roleId: role?.id, durationSeconds: 3600, justification: `Rate limit ${randomUUID()}` };
    const res = await api(as("alice"), "POST", "/api/v1/access-requests", body);
    expect(res.status).toBe(429);
    expect(problem(res).detail).toMatch(/Too many requests/);
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    expect(await aliceRequests()).toBe(before);
    // Mona is not held back by alice's limit.
    const mona = await api(as("mona"), "POST", "/api/v1/access-requests", body);
    expect(mona.status).toBe(201);
    await api(as("mona"), "POST", `/api/v1/access-requests/${json<{ id: string }>(mona).id}/cancel`);
  } finally {
    await query("DELETE FROM rate_limit_counters WHERE key = $1", [key]);
  }
});
