import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { query } from "./db";
import { signIn } from "./sign-in";
import { storageFor, USERS } from "./users";

// SCIM over HTTP against the running app, as an IdP calls it, and the sandbox IdP's admin
// page pushing its changes to Keyless. (Deactivating a person there, and everything that
// ends with it: e2e/lifecycle.spec.ts.)

const idpUrl = process.env.OIDC_ISSUER ?? "http://localhost:4300";
const token = process.env.KEYLESS_SCIM_TOKEN ?? "";
const auth = { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" };
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const filter = (f: string) => encodeURIComponent(f);

async function scimJson(r: Awaited<ReturnType<APIRequestContext["get"]>>) {
  expect(r.headers()["content-type"]).toBe("application/scim+json");
  return (await r.json()) as Record<string, unknown> & { Resources?: Record<string, unknown>[] };
}

test.describe("SCIM over HTTP", () => {
  test("the IdP's initial push provisioned the demo users and groups", async ({ request }) => {
    const found = await scimJson(
      await request.get(`/scim/v2/Users?filter=${filter('userName eq "alice@example.com"')}`, { headers: auth }),
    );
    expect(found).toMatchObject({
      totalResults: 1,
      Resources: [{ userName: "alice@example.com", externalId: "user-alice", active: true }],
    });
    expect(found.Resources?.[0]?.groups).toEqual([expect.objectContaining({ display: "engineering" })]);
    const admins = await scimJson(await request.get(`/scim/v2/Groups?filter=${filter('displayName eq "aws-admins"')}`, { headers: auth }));
    expect((admins.Resources?.[0]?.members as { display: string }[]).map((m) => m.display)).toEqual(["adam@example.com"]);
  });

  test("an Okta-style client creates, finds, groups, deactivates and deletes a person", async ({ request }) => {
    const email = `okta-${randomUUID().slice(0, 8)}@example.com`;
    const lookup = () => request.get(`/scim/v2/Users?filter=${filter(`userName eq "${email}"`)}`, { headers: auth });
    expect((await scimJson(await lookup())).totalResults).toBe(0);
    // No Origin header, no cookie: a server-to-server call, neither redirected to sign-in nor refused as cross-site.
    const created = await request.post("/scim/v2/Users", {
      headers: auth,
      data: {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: email,
        name: { givenName: "Okta", familyName: "Person" },
        active: true,
      },
    });
    expect(created.status()).toBe(201);
    const user = await scimJson(created);
    expect((await scimJson(await lookup())).Resources?.map((r) => r.id)).toEqual([user.id]);

    const groupName = `okta-group-${randomUUID().slice(0, 8)}`;
    const group = await request.post("/scim/v2/Groups", {
      headers: auth,
      data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: groupName, members: [{ value: user.id }] },
    });
    expect(group.status()).toBe(201);
    const [row] = await query<{ groups: string[]; source: string }>("SELECT groups, source::text FROM users WHERE email = $1", [email]);
    expect(row).toEqual({ groups: [groupName], source: "scim" });

    const off = await request.patch(`/scim/v2/Users/${String(user.id)}`, {
      headers: auth,
      data: { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] },
    });
    expect((await scimJson(off)).active).toBe(false);
    expect((await request.delete(`/scim/v2/Users/${String(user.id)}`, { headers: auth })).status()).toBe(204);
    expect((await request.get(`/scim/v2/Users/${String(user.id)}`, { headers: auth })).status()).toBe(404);
    const [gone] = await query<{ status: string }>("SELECT status::text FROM users WHERE email = $1", [email]);
    expect(gone?.status).toBe("deprovisioned");
    expect((await request.delete(`/scim/v2/Groups/${String((await scimJson(group)).id)}`, { headers: auth })).status()).toBe(204);
  });

  test("without the token every SCIM path is a 401 SCIM error, never the sign-in page", async ({ request }) => {
    for (const path of ["/scim/v2/Users", "/scim/v2/ServiceProviderConfig", "/scim/v2/Nope"]) {
      const r = await request.get(path, { maxRedirects: 0 });
      expect(r.status(), path).toBe(401);
      expect(r.headers()["www-authenticate"]).toMatch(/^Bearer/);
      expect(await r.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
    }
  });
});

/** Alice active at the IdP (and so in Keyless), with a fresh stored session for the specs that follow. */
async function restoreAlice(browser: Browser): Promise<void> {
  const listed = (await (await fetch(`${idpUrl}/admin/api/users`)).json()) as { users: { sub: string; email: string; active?: boolean }[] };
  const alice = listed.users.find((u) => u.email === USERS.alice.email);
  if (alice?.active === false) {
    await fetch(`${idpUrl}/admin/api/users/${alice.sub}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"active":true}',
    });
  }
  const context = await browser.newContext();
  await signIn(await context.newPage(), USERS.alice.email);
  await context.storageState({ path: storageFor("alice") });
  await context.close();
}

test.describe("the sandbox IdP's admin page", () => {
  test.afterAll(async ({ browser }) => restoreAlice(browser));

  test("creating a user and changing groups there reaches Keyless's groups", async ({ page }) => {
    const email = `bob-${randomUUID().slice(0, 8)}@example.com`;
    await page.goto(`${idpUrl}/admin`);
    await page.getByLabel("Name").fill("Bob Builder");
    await page.getByLabel("Email").fill(email);
    const create = page.locator('form[action="/admin/users"]');
    await create.getByRole("checkbox", { name: "engineering" }).check();
    await create.getByRole("textbox", { name: "Add a group for the new user" }).fill("sre-oncall");
    await create.getByRole("button", { name: "Create user" }).click();
    const pushed = page.getByRole("status");
    await expect(pushed).toContainText(`Pushed to Keyless: Create ${email}`);
    await expect(pushed).toContainText("POST /Users → 201");
    await expect(pushed).toContainText("POST /Groups → 201"); // sre-oncall did not exist in Keyless yet
    const groupsOf = async () => (await query<{ groups: string[] }>("SELECT groups FROM users WHERE email = $1", [email]))[0]?.groups;
    expect(await groupsOf()).toEqual(["engineering", "sre-oncall"]);

    // Out of sre-oncall: a group PATCH removes only that name.
    const row = page.getByRole("row", { name: new RegExp(email) });
    await row.getByRole("checkbox", { name: "sre-oncall" }).uncheck();
    await row.getByRole("button", { name: `Save groups of ${email}` }).click();
    await expect(page.getByRole("status")).toContainText(`Groups of ${email}: −sre-oncall`);
    await expect(page.getByRole("status")).toContainText(/PATCH \/Groups\/\S+ → 204/);
    expect(await groupsOf()).toEqual(["engineering"]);
  });
});
