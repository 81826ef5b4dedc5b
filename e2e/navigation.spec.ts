import { expect, test } from "@playwright/test";
import { storageFor } from "./users";

// The dashboard shell is server-rendered; only the active-link highlight and the small-screen
// drawer's toggle are client code (components/shell). These check what a person sees of both.

test.describe("navigation", () => {
  test.use({ storageState: storageFor("adam") });

  test("the current page is highlighted, and follows client-side navigation", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto("/keys");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Access keys" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Credentials" })).not.toHaveAttribute("aria-current", "page");

    // A nested entry of its own takes the highlight from its parent (/keys/burndown under /keys).
    await nav.getByRole("link", { name: "Key burn-down" }).click();
    await expect(page).toHaveURL(/\/keys\/burndown$/);
    await expect(nav.getByRole("link", { name: "Key burn-down" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Access keys" })).not.toHaveAttribute("aria-current", "page");

    await nav.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
    // Administration entries are the admin's; the user menu names them.
    await expect(nav.getByRole("link", { name: "People" })).toBeVisible();
    await expect(page.getByLabel("Your roles").first()).toContainText("admin");
  });

  test("on a phone the menu opens a drawer that closes when a link is followed", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/audit");
    // The desktop rail is hidden; only the header's button shows the navigation.
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await page.getByRole("button", { name: "Open navigation" }).click();
    const drawer = page.getByRole("dialog", { name: "Navigation" });
    await expect(drawer.getByRole("link", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
    await expect(drawer.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();

    await drawer.getByRole("link", { name: "Access keys" }).click();
    await expect(page).toHaveURL(/\/keys$/);
    await expect(drawer).toBeHidden();
    await expect(page.getByRole("heading", { name: "Access keys" })).toBeVisible();

    await page.getByRole("button", { name: "Open navigation" }).click();
    await expect(drawer.getByRole("link", { name: "Access keys" })).toHaveAttribute("aria-current", "page");
    await drawer.getByRole("button", { name: "Close navigation" }).click();
    await expect(drawer).toBeHidden();
  });
});
