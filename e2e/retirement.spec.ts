import { rmSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_IAM_USERS, demoKeyId } from "../prisma/demo-iam";
import { cliHome } from "./cli-runner";
import { query } from "./db";
import { storageFor } from "./users";

// Issue 15 §7 in the demo: alice's own seeded key (alice-local-experiments, tagged
// kind=human) becomes "ready to retire" once she gets credentials with the real CLI for its
// account and the inventory has looked again; an admin retires it with one confirmed click,
// and the burn-down's human count drops at once. Undo restores it.

const alice = DEMO_IAM_USERS.find((u) => u.userName === "alice-local-experiments")!;
// The newer of her two keys: used 2 days ago, before her CLI use now.
const keyId = demoKeyId(alice, 1);
const cli = cliHome("retirement-cli");

async function syncInventory(page: Page): Promise<void> {
  const origin = new URL(page.url()).origin;
  const post = await page.request.post("/api/v1/inventory/sync", { data: {}, headers: { Origin: origin } });
  expect(post.status()).toBe(202);
  const { jobId } = (await post.json()) as { jobId: string };
  await expect
    .poll(
      async () =>
        (await query<{ done: boolean }>("SELECT finished_at IS NOT NULL AS done FROM inventory_syncs WHERE id = $1", [jobId]))[0]?.done,
      {
        timeout: 60_000,
      },
    )
    .toBe(true);
}

const humanCount = async (page: Page) => Number((await page.getByTestId("burndown-human").textContent())?.replace(/\D/g, ""));

test.describe.configure({ mode: "serial" });

test.describe("key retirement in the demo", () => {
  test.beforeAll(() => rmSync(cli.home, { recursive: true, force: true }));

  test("alice gets credentials for the sandbox account with the CLI", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageFor("alice") });
    const page = await context.newPage();
    expect((await cli.login(page)).code).toBe(0);
    const creds = await cli.run(["credentials", "--role", `${alice.accountId}/SandboxDeveloper`]);
    expect(creds.code, creds.stderr).toBe(0);
    expect(JSON.parse(creds.stdout)).toMatchObject({ Version: 1 });
    await context.close();
  });

  test("her key is ready to retire with the evidence; an admin retires it and the burn-down drops", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageFor("adam") });
    const page = await context.newPage();
    await page.goto("/keys/burndown");
    await syncInventory(page);
    await page.reload();
    const row = page.getByTestId(`ready-${keyId}`);
    await expect(row).toContainText(/Alice Engineer \(alice@example\.com\) got credentials for .+\/SandboxDeveloper via the CLI on/);
    await expect(row).toContainText("key last used");
    const before = await humanCount(page);
    expect(before).toBeGreaterThan(0);

    await row.getByRole("button", { name: "Retire…" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("deactivated in AWS now");
    await expect(dialog.getByLabel("Delete after (days)")).toHaveValue("14");
    await dialog.getByRole("button", { name: "Deactivate now" }).click();
    // The page refreshes with the action: the key leaves the list and shows as pending deletion.
    await expect(page.getByTestId(`ready-${keyId}`)).toHaveCount(0);
    await page.reload();
    expect(await humanCount(page)).toBe(before - 1);
    const pending = page.getByTestId(`retirement-${keyId}`);
    await expect(pending).toContainText("Deactivated");
    await expect(pending).toContainText(/deleted on \d{1,2} \w{3} \d{4}/);
    const [key] = await query<{ status: string }>("SELECT status::text FROM access_keys WHERE access_key_id = $1", [keyId]);
    expect(key?.status).toBe("INACTIVE");
    await page.screenshot({ path: "test-results/burndown-retired.png", fullPage: true });

    // Undo while it is only deactivated: active again, and counted again.
    await pending.getByRole("button", { name: "Undo" }).click();
    await expect(pending).toContainText("Restored");
    await page.reload();
    expect(await humanCount(page)).toBe(before);
    await expect(page.getByTestId(`retirement-${keyId}`)).toContainText("Restored");
    await context.close();
  });

  test("alice sees her own burn-down, without the list or the buttons", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageFor("alice") });
    const page = await context.newPage();
    await page.goto("/keys/burndown");
    await expect(page.getByTestId("burndown-chart").locator("svg").first()).toBeVisible();
    await expect(page.getByTestId("ready-to-retire")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Retire…" })).toHaveCount(0);
    await context.close();
  });
});
