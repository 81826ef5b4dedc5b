import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { query, roleIdByName } from "./db";
import { signIn } from "./sign-in";
import { storageFor, USERS } from "./users";

// The People page and "Revoke all my sessions", in Chromium through the real sign-in. adam
// (admin) suspends alice with a reason, which ends her browser session and keeps her from
// signing in; he reactivates her and she gets back in. Then alice, for a lost laptop, revokes
// all her own sessions: her browser lands on sign-in and her CLI token is refused.
// alice ends active and signed in (afterAll), so the specs after this one are unaffected.

const appUrl = process.env.KEYLESS_TEST_APP_URL ?? "http://localhost:3100";
const origin = new URL(appUrl).origin;
const alice = USERS.alice;

test.describe.configure({ mode: "serial" });

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: appUrl });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** Gets AWS credentials the way the credentials page does (a same-origin API call). */
async function getCredentials(page: Page): Promise<void> {
  const res = await page.request.post("/api/v1/credentials", {
    data: { roleId: await roleIdByName("SandboxDeveloper") },
    headers: { Origin: origin },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** A CLI sign-in approved in `page` (the device flow the CLI runs, from `cli`, which has no cookies); returns its access token. */
async function cliToken(page: Page, cli: APIRequestContext): Promise<string> {
  const start = await cli.post("/api/v1/device/authorize", { data: { client_name: "keyless CLI", hostname: "alice-laptop" } });
  expect(start.status()).toBe(200);
  const { user_code, device_code } = (await start.json()) as { user_code: string; device_code: string };
  await page.goto(`/device?code=${user_code}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("device-result")).toContainText("CLI signed in");
  const token = await cli.post("/api/v1/device/token", {
    data: { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code },
  });
  expect(token.status()).toBe(200);
  return ((await token.json()) as { access_token: string }).access_token;
}

async function aliceId(): Promise<string> {
  const [row] = await query<{ id: string }>("SELECT id FROM users WHERE email = $1", [alice.email]);
  if (!row) throw new Error("alice has no users row: did global-setup sign her in?");
  return row.id;
}

test.afterAll(async ({ browser }) => {
  // Whatever happened above: alice active again, her integrations' owner confirmed, and a
  // fresh signed-in browser state for the specs that follow.
  const adam = await browser.newContext({ baseURL: appUrl, storageState: storageFor("adam") });
  const id = await aliceId();
  await adam.request.post(`/api/v1/people/${id}/reactivate`, { headers: { Origin: origin } });
  const owned = await query<{ id: string }>(
    "SELECT id FROM integrations WHERE owner_needs_replacement_at IS NOT NULL AND owner_email = $1",
    [alice.email],
  );
  for (const { id: integrationId } of owned)
    expect(
      (
        await adam.request.patch(`/api/v1/integrations/${integrationId}`, {
          data: { ownerEmail: alice.email },
          headers: { Origin: origin },
        })
      ).status(),
    ).toBe(200);
  await adam.close();
  const page = await signedIn(browser, alice.email);
  await page.context().storageState({ path: storageFor("alice") });
  await page.context().close();
});

test("an admin finds a person, suspends them with a reason, and reactivates them", async ({ browser }) => {
  const alicePage = await signedIn(browser, alice.email);
  await getCredentials(alicePage);
  const adam = await (await browser.newContext({ baseURL: appUrl, storageState: storageFor("adam") })).newPage();

  await adam.goto("/");
  await adam.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
  await expect(adam.getByRole("heading", { name: "People" })).toBeVisible();
  await adam.getByPlaceholder("Email or name").fill("alice@");
  await expect(adam).toHaveURL(/q=alice%40/);
  const row = adam.getByTestId(`person-${alice.email}`);
  await expect(row).toContainText("Active");
  await expect(row).toContainText(/[1-9]\d* browser/);
  await expect(adam.getByTestId("person-mona@example.com")).toHaveCount(0);
  await row.getByRole("link", { name: alice.name }).click();

  await expect(adam.getByRole("heading", { name: alice.name })).toBeVisible();
  await expect(adam.getByTestId("browser-sessions").locator("li").first()).toBeVisible();
  await expect(adam.getByTestId("person-aws-sessions")).toContainText("SandboxDeveloper");
  await expect(adam.getByTestId("person-aws-sessions")).toContainText("Live");
  await expect(adam.getByText("engineering", { exact: true })).toBeVisible();

  // Suspend: the dialog says what will happen and wants a reason.
  await adam.getByRole("button", { name: "Suspend" }).click();
  const dialog = adam.getByRole("dialog", { name: `Suspend ${alice.name}?` });
  await expect(dialog).toContainText("their live AWS sessions");
  await expect(dialog).toContainText("pending access requests are cancelled and their grants revoked");
  await dialog.getByLabel("Reason").fill("e2e: laptop reported stolen");
  await dialog.getByRole("button", { name: "Suspend" }).click();
  await expect(adam.getByText(/^Suspended\. Ended [1-9]\d* browser session/)).toBeVisible();
  await expect(adam.getByText("Suspended by admin").first()).toBeVisible();
  await expect(adam.getByText("Reason: e2e: laptop reported stolen")).toBeVisible();
  await expect(adam.getByTestId("person-aws-sessions")).toContainText("Revoked");
  await expect(adam.getByTestId("person-revocations")).toContainText("e2e: laptop reported stolen");
  await expect(adam.getByRole("button", { name: "Suspend" })).toHaveCount(0);
  // The worker writes the role's policy: the page says when AWS has it.
  await expect(async () => {
    await adam.reload();
    await expect(adam.getByTestId("person-revocations")).toContainText("Yes");
  }).toPass({ timeout: 45_000 });

  // alice's open browser is signed out at its next page load, and she cannot sign in again.
  await alicePage.goto("/");
  await expect(alicePage).toHaveURL(/\/signin/);
  const retry = await (await browser.newContext({ baseURL: appUrl })).newPage();
  await retry.goto("/");
  await retry.getByRole("button", { name: /Sign in with/ }).click();
  await retry.getByLabel("Email").fill(alice.email);
  await retry.getByLabel("Password").fill("demo");
  await retry.getByRole("button", { name: "Sign in" }).click();
  await expect(retry).toHaveURL(/\/signin\?error=AccessEnded/);
  await expect(retry.getByRole("alert").filter({ hasText: "access" })).toContainText("Your access to Keyless has been ended");

  // The sandbox's demo integrations name her as owner: each now needs a new one.
  await expect(adam.getByTestId("person-integrations").getByText("Needs a new owner").first()).toBeVisible();

  // Reactivate (offered because an admin suspended her): she signs in again.
  await adam.getByRole("button", { name: "Reactivate" }).click();
  await adam
    .getByRole("dialog", { name: `Reactivate ${alice.name}?` })
    .getByRole("button", { name: "Reactivate" })
    .click();
  await expect(adam.getByText("Reactivated: they can sign in again.")).toBeVisible();
  await expect(adam.getByText("Suspended by admin")).toHaveCount(0);
  await expect(adam.getByRole("button", { name: "Reactivate" })).toHaveCount(0);
  const back = await signedIn(browser, alice.email);
  await expect(back).toHaveURL(`${appUrl}/`);
  await back.context().close();

  // Saving the integration with her as owner again, now that she is back, clears the flag.
  await adam.getByTestId("person-integrations").getByRole("link").first().click();
  await expect(adam.getByText("Needs a new owner").first()).toBeVisible();
  await adam.getByRole("link", { name: "Edit" }).click();
  await expect(adam.getByText(/Needs a new owner: alice@example\.com's access to Keyless ended/)).toBeVisible();
  await adam.getByRole("button", { name: /Save/ }).click();
  await expect(adam).toHaveURL(/\/integrations\/\w+$/);
  await expect(adam.getByText("Needs a new owner")).toHaveCount(0);
  await Promise.all([alicePage.context().close(), retry.context().close(), adam.context().close()]);
});

test("a person revokes all their own sessions: browser and CLI signed out, AWS sessions revoked", async ({ browser, playwright }) => {
  const page = await signedIn(browser, alice.email);
  await getCredentials(page);
  const terminal = await playwright.request.newContext({ baseURL: appUrl });
  const token = await cliToken(page, terminal);
  const cli = await playwright.request.newContext({ baseURL: appUrl, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  expect((await cli.get("/api/v1/me")).status()).toBe(200);

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" }).click();
  await expect(page).toHaveURL(/\/cli-sessions$/);
  await expect(page.getByRole("heading", { name: "Sessions", exact: true })).toBeVisible();
  await expect(page.getByTestId("browser-sessions")).toContainText("This browser");
  await expect(page.getByText("alice-laptop").first()).toBeVisible();
  await expect(page.getByTestId("my-aws-sessions")).toContainText("SandboxDeveloper");

  await page.getByRole("button", { name: "Revoke all my sessions" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke all your sessions?" });
  await expect(dialog).toContainText("this one too");
  await expect(dialog).toContainText("stop working within a minute");
  await dialog.getByRole("button", { name: "Revoke everything and sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?revoked=1/);
  await expect(page.getByText("You revoked all your sessions")).toBeVisible();

  // The CLI token is refused; the browser stays signed out; AWS sessions are on the revocation list.
  const me = await cli.get("/api/v1/me");
  expect(me.status()).toBe(401);
  await page.goto("/cli-sessions");
  await expect(page).toHaveURL(/\/signin/);
  const revoked = await query<{ role_arn: string }>(
    "SELECT role_arn FROM aws_session_revocations WHERE user_id = $1 AND reason LIKE '%Revoke all my sessions%'",
    [await aliceId()],
  );
  expect(revoked.map((r) => r.role_arn)).toContain("arn:aws:iam::111111111111:role/SandboxDeveloper");
  // Her access did not end: she signs in again at once.
  const back = await signedIn(browser, alice.email);
  await expect(back).toHaveURL(`${appUrl}/`);
  await Promise.all([cli.dispose(), terminal.dispose()]);
  await Promise.all([page.context().close(), back.context().close()]);
});
