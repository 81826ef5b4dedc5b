import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { query, snapshot } from "./db";
import { storageFor } from "./users";

type KeysResponse = { items: { accessKeyId: string; owner: string | null; state: string; ageDays: number }[]; nextCursor: string | null };

test.describe("inventory: admin", () => {
  test.use({ storageState: storageFor("adam") });

  test("syncs every account and watches the progress", async ({ page }) => {
    await page.goto("/keys");
    await page.getByRole("button", { name: "Sync now" }).click();
    const progress = page.getByTestId("sync-progress");
    await expect(progress).toBeVisible();
    await expect(progress).toContainText("Sync finished", { timeout: 45_000 });
    const text = (await progress.textContent()) ?? "";
    const [, done, total] = /(\d+) of (\d+) accounts/.exec(text) ?? [];
    expect(Number(total)).toBeGreaterThanOrEqual(2);
    expect(done).toBe(total);
    const [run] = await query<{ status: string; keys: number }>(
      "SELECT status, keys FROM inventory_syncs WHERE finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1",
    );
    expect(run?.status).toBe("succeeded");
    expect(text).toContain(`${run?.keys} keys`);
    // Per account: the state counts, and every account listed on request, each done.
    const accounts = progress.getByTestId("sync-accounts");
    await expect(accounts.getByTestId("sync-count-succeeded")).toHaveText(`Done: ${total}`);
    await expect(accounts.getByTestId("sync-count-queued")).toHaveText("Queued: 0");
    await expect(accounts.getByTestId("sync-count-failed")).toHaveText("Failed: 0");
    await accounts.getByRole("button", { name: `Show all ${total} accounts` }).click();
    const rows = accounts.getByRole("list", { name: "Every account of this sync" }).getByTestId("sync-account");
    await expect(rows).toHaveCount(Number(total));
    await expect(rows.and(page.locator('[data-state="succeeded"]'))).toHaveCount(Number(total));
    await expect(rows.first()).toContainText(/\d+ users · \d+ keys/);
    await page.screenshot({ path: "test-results/inventory-sync-accounts.png", fullPage: true });
    await expect(page.getByTestId("last-synced")).toContainText("Inventory read from AWS");
    await expect(page.getByTestId("keys-table").locator("tbody tr")).not.toHaveCount(0);
  });

  test("filters the overdue keys and exports them as CSV", async ({ page }) => {
    await page.goto("/keys");
    const expected = Number(await page.getByTestId("count-overdue").locator("span").last().textContent());
    expect(expected).toBeGreaterThan(0);
    await page.getByTestId("count-overdue").click();
    await expect(page).toHaveURL(/state=overdue/);
    const rows = page.getByTestId("keys-table").locator("tbody tr");
    await expect(rows).toHaveCount(expected);
    await expect(rows.locator('[data-state="overdue"]')).toHaveCount(expected);
    await expect(page.getByRole("combobox", { name: "State" })).toHaveValue("overdue");

    // A set of states from a link shows as that set, not as "All current keys".
    await page.goto("/keys?state=due,overdue");
    const due = Number(await page.getByTestId("count-due").locator("span").last().textContent());
    await expect(page.getByRole("combobox", { name: "State" }).locator("option:checked")).toHaveText("Due, Overdue");
    await expect(rows).toHaveCount(expected + due);
    await page.goto("/keys?state=overdue");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^keyless-keys-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(await download.path(), "utf8")
      .trim()
      .split("\r\n");
    const header = lines[0]?.split(",") ?? [];
    expect(header.slice(0, 7)).toEqual(["access_key_id", "user_name", "account_id", "account_name", "status", "state", "age_days"]);
    expect(lines).toHaveLength(expected + 1);
    for (const line of lines.slice(1)) {
      const cells = line.split(",");
      expect(cells[5]).toBe("overdue");
      expect(Number(cells[6])).toBeGreaterThanOrEqual(90);
    }
  });

  test("sorts the server-rendered rows by a header click, and back", async ({ page }) => {
    await page.goto("/keys");
    const ids = page.getByTestId("keys-table").locator("tbody tr td:nth-child(1) span:last-child");
    const header = page.getByRole("columnheader", { name: "IAM user / key" });
    // The rows follow the database's order, which the API pages through alike.
    const apiOrder = async (sort: string) =>
      ((await (await page.request.get(`/api/v1/keys?sort=${sort}`)).json()) as KeysResponse).items.map((k) => k.accessKeyId);
    await header.getByRole("button").click();
    await expect(page).toHaveURL(/sort=userName/);
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    await expect(ids).toHaveText(await apiOrder("userName"));
    await header.getByRole("button").click();
    await expect(page).toHaveURL(/sort=-userName/);
    await expect(header).toHaveAttribute("aria-sort", "descending");
    await expect(ids).toHaveText(await apiOrder("-userName"));
  });

  test("changes the rotation policy, and states follow", async ({ page }) => {
    await page.goto("/keys");
    const dueBefore = Number(await page.getByTestId("count-due").locator("span").last().textContent());
    expect(dueBefore).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Edit policy" }).click();
    await page.getByLabel("Warn from (days)").fill("95");
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect(page.getByText("The warning must start before the key is overdue.", { exact: true })).toBeVisible();
    await page.getByLabel("Warn from (days)").fill("89");
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect(page.getByTestId("policy-summary")).toContainText("warn from 89");
    await expect(page.getByTestId("count-due")).not.toContainText(String(dueBefore));
    const [entry] = await query<{ details: { after: { warnDays: number } } }>(
      "SELECT details FROM audit_events WHERE action = 'settings.rotation_policy.update' ORDER BY id DESC LIMIT 1",
    );
    expect(entry?.details.after.warnDays).toBe(89);
    // Put it back for the other specs.
    await page.getByRole("button", { name: "Edit policy" }).click();
    await page.getByLabel("Warn from (days)").fill("75");
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect(page.getByTestId("policy-summary")).toContainText("warn from 75");
  });
});

test.describe("inventory: engineer", () => {
  test.use({ storageState: storageFor("alice") });

  test("sees only her own keys, in the page and in the API", async ({ page }) => {
    const [own] = await query<{ n: number }>(
      "SELECT count(*)::int AS n FROM access_keys WHERE owner = 'alice@example.com' AND deleted_at IS NULL",
    );
    const [others] = await query<{ n: number }>(
      "SELECT count(*)::int AS n FROM access_keys WHERE owner IS DISTINCT FROM 'alice@example.com' AND deleted_at IS NULL",
    );
    expect(own?.n).toBeGreaterThan(0);
    expect(others?.n).toBeGreaterThan(0);

    await page.goto("/keys");
    const rows = page.getByTestId("keys-table").locator("tbody tr");
    await expect(rows).toHaveCount(own?.n ?? -1);
    for (const owner of await rows.locator("td:nth-child(3) span:first-child").allTextContents()) expect(owner).toBe("alice@example.com");
    await expect(page.getByRole("button", { name: "Sync now" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Edit policy" })).toHaveCount(0);

    const api = await page.request.get("/api/v1/keys?limit=500");
    expect(api.status()).toBe(200);
    const body = (await api.json()) as KeysResponse;
    expect(body.items).toHaveLength(own?.n ?? -1);
    expect(new Set(body.items.map((k) => k.owner))).toEqual(new Set(["alice@example.com"]));
    // Asking for someone else's keys finds nothing, rather than their keys.
    const frank = (await (await page.request.get("/api/v1/keys?owner=frank@example.com")).json()) as KeysResponse;
    expect(frank.items).toEqual([]);

    // The "Retire your keys" page lists the same keys, with a command to deactivate each.
    await page.goto("/migrate");
    for (const key of body.items.slice(0, 3)) await expect(page.getByText(key.accessKeyId).first()).toBeVisible();
  });

  test("cannot start or watch a sync, and the database is unchanged", async ({ page }) => {
    await page.goto("/keys");
    const origin = new URL(page.url()).origin;
    const before = await snapshot(["inventory_syncs", "inventory_sync_accounts"]);
    const post = await page.request.post("/api/v1/inventory/sync", { data: {}, headers: { Origin: origin } });
    expect(post.status()).toBe(403);
    expect(post.headers()["content-type"]).toContain("application/problem+json");
    const [run] = await query<{ id: string }>("SELECT id FROM inventory_syncs LIMIT 1");
    expect((await page.request.get(`/api/v1/inventory/sync/${run?.id}`)).status()).toBe(403);
    expect(await snapshot(["inventory_syncs", "inventory_sync_accounts"])).toBe(before);
  });
});

test.describe("inventory API", () => {
  test.use({ storageState: storageFor("mona") });

  test("answers bad input with 4xx problem+json, never 500", async ({ page }) => {
    await page.goto("/keys");
    for (const [path, status] of [
      ["/api/v1/keys?state=rotten", 422],
      [`/api/v1/keys?state=${encodeURIComponent("overdue') OR ('1'='1")}`, 422],
      [`/api/v1/keys?state=${encodeURIComponent("due,overdue;DROP TABLE access_keys")}`, 422],
      ["/api/v1/keys?limit=0", 422],
      ["/api/v1/keys?limit=abc", 422],
      ["/api/v1/keys?sort=color", 422],
      ["/api/v1/keys?accountId=12", 422],
      ["/api/v1/keys?cursor=nonsense", 422],
      ["/api/v1/inventory/sync/not-a-uuid", 422],
      ["/api/v1/inventory/sync/00000000-0000-4000-8000-000000000000", 404],
    ] as const) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(status);
      expect(res.headers()["content-type"], path).toContain("application/problem+json");
    }
  });

  test("pages a manager through every key with a cursor", async ({ page }) => {
    await page.goto("/keys");
    const [total] = await query<{ n: number }>("SELECT count(*)::int AS n FROM access_keys WHERE deleted_at IS NULL");
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await page.request.get(`/api/v1/keys?limit=7&sort=userName${cursor ? `&cursor=${cursor}` : ""}`);
      const body = (await res.json()) as KeysResponse;
      for (const k of body.items) seen.add(k.accessKeyId);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(total?.n);
  });
});

test.describe("inventory API without a session", () => {
  for (const [method, path] of [
    ["GET", "/api/v1/keys"],
    ["GET", "/api/v1/keys/export"],
    ["POST", "/api/v1/inventory/sync"],
    ["GET", "/api/v1/inventory/sync/00000000-0000-4000-8000-000000000000"],
  ] as const) {
    test(`${method} ${path} answers 401`, async ({ request }) => {
      const res = await request.fetch(path, { method });
      expect(res.status()).toBe(401);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
    });
  }
});
