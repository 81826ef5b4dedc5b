import { expect, test, type Browser, type Page } from "@playwright/test";
import { mailTo } from "./inbox";
import { query, roleIdByName, snapshot } from "./db";
import { storageFor, type DemoUser } from "./users";

const appOrigin = new URL(process.env.KEYLESS_TEST_APP_URL ?? "http://localhost:3100").origin;

async function as(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ storageState: storageFor(user) });
  return context.newPage();
}

async function requestDeployAccess(page: Page, why: string): Promise<string> {
  await page.goto("/");
  await page.getByTestId("role-ProductionDeploy").getByRole("link", { name: "Request access" }).click();
  await expect(page).toHaveURL(/\/requests\/new\?roleId=/);
  await page.getByLabel("For how long").selectOption({ label: "4 hours" });
  await page.getByLabel("Why do you need it?").fill(why);
  await page.getByRole("button", { name: "Request access" }).click();
  await expect(page).toHaveURL(/\/requests\/c[\w]+$/);
  await expect(page.getByText("pending", { exact: true })).toBeVisible();
  return page.url().split("/").pop() ?? "";
}

test("alice requests production deploy access, mona approves, alice gets credentials until it ends", async ({ browser }) => {
  // The end of the grant is announced by the worker's once-a-minute job, which pg-boss's cron
  // may start up to 90 s after the grant ended: more than the default 60 s for a test.
  test.setTimeout(180_000);
  const alice = await as(browser, "alice");
  const id = await requestDeployAccess(alice, "Deploying the fix for INC-1234");
  await expect(alice.getByText("You can't approve your own request.")).toBeVisible();

  const mona = await as(browser, "mona");
  await mona.goto("/approvals");
  await expect(mona.getByRole("link", { name: "Approvals" })).toContainText(/\d/);
  const card = mona.getByTestId(`pending-${id}`);
  await expect(card.getByText("Deploying the fix for INC-1234")).toBeVisible();
  await card.getByLabel(/Comment/).fill("Approved for the incident");
  await card.getByRole("button", { name: "Approve" }).click();
  // Decided: it leaves the queue and shows under "Recently decided".
  await expect(card).toHaveCount(0);
  // This request's row (other people's requests for the same role may be listed too).
  await expect(mona.locator(`a[href="/requests/${id}"]`).first()).toContainText("approved");

  await alice.reload();
  await expect(alice.getByText("approved", { exact: true })).toBeVisible();
  await expect(alice.getByText("You have access")).toBeVisible();
  await alice.goto("/");
  const role = alice.getByTestId("role-ProductionDeploy");
  await expect(role.getByText(/Approved until/)).toBeVisible();
  await role.getByRole("button", { name: "Get credentials" }).click();
  await expect(alice.getByTestId("credentials-snippet")).toContainText("AWS_ACCESS_KEY_ID");

  // Everyone concerned was told (the worker delivers notifications).
  await expect.poll(async () => (await mailTo("mona@example.com", /Approval needed/)).length, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await mailTo("alice@example.com", /^Approved/)).length, { timeout: 20_000 }).toBeGreaterThan(0);

  // Time passes: the grant ends. Issuance refuses at once; the worker announces it.
  await query("UPDATE grants SET expires_at = now() - interval '1 second' WHERE request_id = $1", [id]);
  const res = await alice.request.post("/api/v1/credentials", {
    data: { roleId: await roleIdByName("ProductionDeploy") },
    headers: { Origin: appOrigin },
  });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { detail: string }).detail).toContain("requires approval");
  await alice.reload();
  await expect(alice.getByTestId("role-ProductionDeploy").getByRole("link", { name: "Request access" })).toBeVisible();
  await expect.poll(async () => (await mailTo("alice@example.com", /Access ended/)).length, { timeout: 90_000 }).toBeGreaterThan(0);
});

test("mona cannot approve her own request", async ({ browser }) => {
  const mona = await as(browser, "mona");
  const id = await requestDeployAccess(mona, "Testing the release pipeline end to end");
  await mona.goto("/approvals");
  await expect(mona.getByTestId(`pending-${id}`)).toHaveCount(0);
  const before = await snapshot(["access_requests", "grants"]);
  const res = await mona.request.post(`/api/v1/access-requests/${id}/approve`, {
    data: { comment: "self" },
    headers: { Origin: appOrigin },
  });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { detail: string }).detail).toContain("own request");
  expect(await snapshot(["access_requests", "grants"])).toBe(before);
});

test("alice cannot approve or deny anything", async ({ browser }) => {
  const mona = await as(browser, "mona");
  const id = await requestDeployAccess(mona, "Rolling out the new CDN configuration");
  const alice = await as(browser, "alice");
  await alice.goto("/approvals");
  await expect(alice.getByText("You don't have access to this page")).toBeVisible();
  const before = await snapshot(["access_requests", "grants"]);
  for (const action of ["approve", "deny"]) {
    const res = await alice.request.post(`/api/v1/access-requests/${id}/${action}`, {
      data: { comment: "" },
      headers: { Origin: appOrigin },
    });
    expect(res.status()).toBe(403);
  }
  expect(await snapshot(["access_requests", "grants"])).toBe(before);
});

test("adam sees the requests and grants, and can revoke", async ({ browser }) => {
  const alice = await as(browser, "alice");
  const id = await requestDeployAccess(alice, "Hotfix for the billing outage");
  const mona = await as(browser, "mona");
  const res = await mona.request.post(`/api/v1/access-requests/${id}/approve`, { data: { comment: "ok" }, headers: { Origin: appOrigin } });
  expect(res.status()).toBe(200);
  const adam = await as(browser, "adam");
  await adam.goto("/admin/approvals");
  const row = adam.getByTestId("grant-alice@example.com").first();
  await expect(row).toBeVisible();
  adam.on("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Revoke now" }).click();
  await expect(adam.getByTestId("grant-alice@example.com")).toHaveCount(0);
  const [grant] = await query<{ revoked_at: Date | null }>("SELECT revoked_at FROM grants WHERE request_id = $1", [id]);
  expect(grant?.revoked_at).not.toBeNull();
  await adam.goto("/audit?action=grant.revoke");
  await expect(adam.getByRole("cell", { name: "grant.revoke" }).first()).toBeVisible();
});
