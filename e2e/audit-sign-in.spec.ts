import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./sign-in";
import { storageFor } from "./users";

// The audit entries only a browser can cause (test/integration/audit-completeness.test.ts
// points here): a sign-in through the IdP ("auth.sign_in", success), the sign-out button
// ("auth.sign_out"), and a sign-in refused because an admin ended the person's access
// ("auth.sign_in", denied). A person of its own, made at the IdP, so no demo user is touched.

const appUrl = process.env.KEYLESS_TEST_APP_URL ?? "http://localhost:3100";
const idpUrl = process.env.OIDC_ISSUER ?? "http://localhost:4300";

type Entry = { actor_email: string | null; actor_id: string | null; outcome: string; target_type: string | null };

async function entries(action: string, email: string): Promise<Entry[]> {
  return query<Entry>(
    `SELECT actor_email, actor_id, outcome::text AS outcome, target_type FROM audit_events WHERE action = $1 AND actor_email = $2 ORDER BY id`,
    [action, email],
  );
}

test("sign-in, sign-out and a refused sign-in each leave their audit entry", async ({ browser }) => {
  const email = `audit-e2e-${randomUUID().slice(0, 8)}@example.com`;
  const made = await fetch(`${idpUrl}/admin/api/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, name: "Audit Person", groups: ["engineering"] }),
  });
  expect(made.status, await made.clone().text()).toBe(201);

  const context = await browser.newContext({ baseURL: appUrl });
  const page = await context.newPage();
  await signIn(page, email);
  const [person] = await query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
  expect(person).toBeDefined();
  await expect
    .poll(() => entries("auth.sign_in", email))
    .toEqual([{ actor_email: email, actor_id: person!.id, outcome: "success", target_type: null }]);

  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/signin/);
  await expect
    .poll(() => entries("auth.sign_out", email))
    .toEqual([{ actor_email: email, actor_id: person!.id, outcome: "success", target_type: null }]);

  // An admin ends their access; signing in again is refused, and the refusal is recorded.
  const adam = await browser.newContext({ baseURL: appUrl, storageState: storageFor("adam") });
  const suspended = await adam.request.post(`/api/v1/people/${person!.id}/suspend`, {
    data: { reason: "e2e: audit of a refused sign-in" },
    headers: { Origin: new URL(appUrl).origin },
  });
  expect(suspended.status(), await suspended.text()).toBe(200);
  await adam.close();
  // A new browser, so the IdP asks for the password again (it remembers the first sign-in).
  const retry = await (await browser.newContext({ baseURL: appUrl })).newPage();
  await retry.goto("/");
  await retry.getByRole("button", { name: /Sign in with/ }).click();
  await retry.getByLabel("Email").fill(email);
  await retry.getByLabel("Password").fill("demo");
  await retry.getByRole("button", { name: "Sign in" }).click();
  await expect(retry).toHaveURL(/\/signin\?error=AccessEnded/);
  const signIns = await entries("auth.sign_in", email);
  expect(signIns.map((e) => e.outcome)).toEqual(["success", "denied"]);
  expect(signIns[1]).toMatchObject({ actor_id: person!.id, target_type: null });
  await context.close();
  await retry.context().close();
});
