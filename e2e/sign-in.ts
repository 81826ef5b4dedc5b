import { expect, type Page } from "@playwright/test";

/** Signs in through the real flow: Keyless → the bundled IdP's form → back to Keyless. */
export async function signIn(page: Page, email: string, startAt = "/"): Promise<void> {
  await page.goto(startAt);
  await expect(page).toHaveURL(/\/signin/);
  const appOrigin = new URL(page.url()).origin;
  await page.getByRole("button", { name: /Sign in with/ }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.origin === appOrigin && !url.pathname.startsWith("/signin") && !url.pathname.startsWith("/api/auth"), {
    timeout: 20_000,
  });
}
