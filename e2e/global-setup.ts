import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type FullConfig } from "@playwright/test";
import { signIn } from "./sign-in";
import { storageFor, USERS, type DemoUser } from "./users";

// Signs each demo user in once through the IdP and keeps their session for the specs.
export default async function globalSetup(config: FullConfig) {
  const use = config.projects[0]?.use ?? {};
  const browser = await chromium.launch(use.launchOptions);
  mkdirSync(path.dirname(storageFor("alice")), { recursive: true });
  for (const user of Object.keys(USERS) as DemoUser[]) {
    const context = await browser.newContext({ baseURL: use.baseURL });
    const page = await context.newPage();
    await signIn(page, USERS[user].email);
    await page.waitForURL((u) => u.pathname === "/");
    await context.storageState({ path: storageFor(user) });
    await context.close();
  }
  await browser.close();
}
