import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { GetRolePolicyCommand } from "@aws-sdk/client-iam";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { slackSignature } from "../lib/slack/signature";
import { iamIn } from "../scripts/sandbox/aws-clients";
import { StandinsClient } from "../scripts/sandbox/standins/client";
import { SLACK_APP } from "../scripts/sandbox/standins/state";
import { appUrl, cliHome } from "./cli-runner";
import { query, roleIdByName } from "./db";
import { signIn } from "./sign-in";
import { storageFor, USERS } from "./users";

// Access that ends, ends everywhere (issue 11), as a newcomer would watch it: alice holds a
// browser session, a signed-in CLI with cached credentials, and live AWS credentials; the
// sandbox IdP's admin page deactivates her, pushing it over SCIM as Okta does. Within 60 s
// her browser is sent to sign in, her CLI is refused and drops what it cached, a Slack click
// as alice does nothing, and the role she used carries KeylessRevokedSessions naming her.
// Reactivated, she signs in and gets new credentials. And an admin's "Revoke AWS sessions"
// makes the CLI drop cached credentials without ending its session.

const idpUrl = process.env.OIDC_ISSUER ?? "http://localhost:4300";
const motoUrl = process.env.KEYLESS_TEST_MOTO_URL ?? "";
const standins = new StandinsClient(process.env.KEYLESS_TEST_STANDINS_URL ?? "http://localhost:4310");
const origin = new URL(appUrl).origin;
const ROLE = "111111111111/SandboxDeveloper";
const cli = cliHome("lifecycle-cli-home");
// The CLI asks the server about cached credentials on every use here (60 s by default).
const run = (...args: string[]) => cli.run(args, { KEYLESS_CREDENTIAL_CHECK_SECONDS: "0" });

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  rmSync(cli.home, { recursive: true, force: true });
  mkdirSync(cli.home, { recursive: true });
});

test.afterAll(async ({ browser }) => {
  await idpSetActive(true);
  await saveFreshSession(browser);
});

async function idpSetActive(active: boolean): Promise<void> {
  const listed = (await (await fetch(`${idpUrl}/admin/api/users`)).json()) as { users: { sub: string; email: string; active?: boolean }[] };
  const alice = listed.users.find((u) => u.email === USERS.alice.email);
  if (alice && alice.active !== active) {
    await fetch(`${idpUrl}/admin/api/users/${alice.sub}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ active }),
    });
  }
}

/** alice signed in again, stored for the specs that follow. */
async function saveFreshSession(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: appUrl });
  const page = await context.newPage();
  await signIn(page, USERS.alice.email);
  await context.storageState({ path: storageFor("alice") });
  return page;
}

async function issue(page: Page): Promise<{ accessKeyId: string; issuedAt: number }> {
  const before = Date.now();
  const res = await page.request.post("/api/v1/credentials", {
    data: { roleId: await roleIdByName("SandboxDeveloper") },
    headers: { Origin: origin },
  });
  expect(res.status(), await res.text()).toBe(200);
  return { accessKeyId: ((await res.json()) as { accessKeyId: string }).accessKeyId, issuedAt: before };
}

/** What Keyless answered a click on a Slack button as alice (the reply goes to the message's response_url). */
async function slackClickAsAlice(): Promise<string> {
  const id = `lifecycle-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const payload = {
    type: "block_actions",
    user: { id: "U0ALICE001", username: "alice", team_id: "TSANDBOX" },
    actions: [{ type: "button", action_id: "keyless_approve", block_id: "b1", value: "clnosuchrequest000000001", action_ts: "1" }],
    response_url: `${standins.url}/slack/responses/${id}`,
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${appUrl}/api/slack/interactions`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Slack-Request-Timestamp": timestamp,
      "X-Slack-Signature": slackSignature(SLACK_APP.signingSecret, timestamp, body),
    },
    body,
  });
  expect(res.status).toBe(200);
  return JSON.stringify((await standins.state()).slackResponses.find((r) => r.id === id) ?? null);
}

/** The role's KeylessRevokedSessions as IAM holds it (null when none). */
async function revocationPolicy(): Promise<string | null> {
  const iam = await iamIn(motoUrl, "111111111111");
  const out = await iam
    .send(new GetRolePolicyCommand({ RoleName: "SandboxDeveloper", PolicyName: "KeylessRevokedSessions" }))
    .catch(() => null);
  return out?.PolicyDocument ? decodeURIComponent(out.PolicyDocument) : null;
}

/** The moment before which the policy denies alice's sessions, if it names her. */
function aliceDeniedBefore(policy: string | null): number | null {
  if (!policy) return null;
  const doc = JSON.parse(policy) as { Statement: { Condition?: Record<string, Record<string, string | string[]>> }[] };
  for (const s of doc.Statement) {
    const ids = [s.Condition?.StringEquals?.["aws:SourceIdentity"] ?? []].flat();
    const before = s.Condition?.DateLessThan?.["aws:TokenIssueTime"];
    if (ids.includes(USERS.alice.email) && typeof before === "string") return new Date(before).getTime();
  }
  return null;
}

test("deactivating alice in the IdP ends every form of her access within 60 s; reactivated, she gets back in", async ({ browser }) => {
  const page = await saveFreshSession(browser);
  const creds = await issue(page);
  expect((await cli.login(page)).code).toBe(0);
  const cached = await run("credentials", "--role", ROLE);
  expect(cached.code, cached.stderr).toBe(0);
  expect(readdirSync(path.join(cli.configDir, "cache")).some((f) => f.startsWith("credentials-"))).toBe(true);
  // Before: a Slack click as alice reaches the decision rules (nothing to approve here).
  expect(await slackClickAsAlice()).not.toContain("access to Keyless has ended");

  // The newcomer's way: the IdP's admin page, which pushes the change to Keyless over SCIM.
  const admin = await (await browser.newContext()).newPage();
  await admin.goto(`${idpUrl}/admin`);
  const deactivatedAt = Date.now();
  await admin.getByRole("button", { name: `Deactivate ${USERS.alice.email}` }).click();
  await expect(admin.getByRole("status")).toContainText(/PATCH \/Users\/\S+ → 200/);

  // Within 60 s, every effect.
  await expect(async () => {
    await page.reload();
    await expect(page).toHaveURL(/\/signin/, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  // Nor does the IdP sign her in again.
  await page.getByRole("button", { name: /Sign in with/ }).click();
  await page.getByLabel("Email").fill(USERS.alice.email);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("This account is deactivated");
  const refused = await run("credentials", "--role", ROLE);
  expect(refused.code).toBe(3);
  expect(refused.stderr).toMatch(/access to Keyless has ended|revoked/);
  expect(readdirSync(path.join(cli.configDir, "cache")).filter((f) => f.startsWith("credentials-"))).toEqual([]);
  await expect.poll(slackClickAsAlice, { timeout: 60_000 }).toContain("Not done: your access to Keyless has ended.");
  await expect.poll(async () => aliceDeniedBefore(await revocationPolicy()), { timeout: 60_000 }).toBeGreaterThan(creds.issuedAt - 1000);
  expect(Date.now() - deactivatedAt).toBeLessThan(60_000);
  // The People page says what was revoked.
  const adam = await browser.newContext({ baseURL: appUrl, storageState: storageFor("adam") });
  const adamPage = await adam.newPage();
  const [row] = await query<{ id: string }>("SELECT id FROM users WHERE email = $1", [USERS.alice.email]);
  await adamPage.goto(`/admin/people/${row!.id}`);
  await expect(adamPage.getByText("Deactivated by IdP (SCIM)").first()).toBeVisible();
  await expect(adamPage.getByText("SandboxDeveloper").first()).toBeVisible();
  await adamPage.screenshot({ path: test.info().outputPath("people-alice-deactivated.png"), fullPage: true });

  // Back: reactivated at the IdP, she signs in and gets credentials AWS does not deny.
  await admin.getByRole("button", { name: `Reactivate ${USERS.alice.email}` }).click();
  await expect(admin.getByRole("status")).toContainText(/PATCH \/Users\/\S+ → 200/);
  const again = await saveFreshSession(browser);
  const fresh = await issue(again);
  expect(fresh.accessKeyId).not.toBe(creds.accessKeyId);
  const [session] = await query<{ issued_at: Date }>("SELECT issued_at FROM aws_sessions WHERE access_key_id = $1", [fresh.accessKeyId]);
  expect(session!.issued_at.getTime()).toBeGreaterThanOrEqual(aliceDeniedBefore(await revocationPolicy())!);
});

test("an admin's Revoke AWS sessions makes the CLI drop its cached credentials; its session goes on", async ({ browser }) => {
  const page = await saveFreshSession(browser);
  expect((await cli.login(page)).code).toBe(0);
  const first = await run("credentials", "--role", ROLE);
  expect(first.code, first.stderr).toBe(0);
  const firstKey = (JSON.parse(first.stdout) as { AccessKeyId: string }).AccessKeyId;
  // Served from the cache while nothing was revoked.
  expect((JSON.parse((await run("credentials", "--role", ROLE)).stdout) as { AccessKeyId: string }).AccessKeyId).toBe(firstKey);

  const adam = await browser.newContext({ baseURL: appUrl, storageState: storageFor("adam") });
  const [row] = await query<{ id: string }>("SELECT id FROM users WHERE email = $1", [USERS.alice.email]);
  const revoked = await adam.request.post(`/api/v1/people/${row!.id}/revoke-aws-sessions`, {
    data: { reason: "suspicious use from an unknown network" },
    headers: { Origin: origin },
  });
  expect(revoked.status(), await revoked.text()).toBe(200);

  const after = await run("credentials", "--role", ROLE);
  expect(after.code, after.stderr).toBe(0);
  expect(after.stderr).toContain("your AWS sessions were revoked; getting new credentials");
  expect((JSON.parse(after.stdout) as { AccessKeyId: string }).AccessKeyId).not.toBe(firstKey);
  expect((await run("whoami")).code).toBe(0);
});
