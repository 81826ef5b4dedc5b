import { expect, test } from "@playwright/test";
import { verifiedCallerArn } from "../test/support/vended-credentials";
import { query, roleIdByName, snapshot } from "./db";
import { signIn } from "./sign-in";
import { storageFor } from "./users";

function parseExports(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m): [string, string] => [m[1] ?? "", m[2] ?? ""]));
}

/** Checked by signature (test/support/vended-credentials.ts): a wrong secret or token fails. */
const whoAmI = (vars: Record<string, string>) =>
  verifiedCallerArn({
    accessKeyId: vars.AWS_ACCESS_KEY_ID ?? "",
    secretAccessKey: vars.AWS_SECRET_ACCESS_KEY ?? "",
    sessionToken: vars.AWS_SESSION_TOKEN,
  });

test.describe("sign-in", () => {
  test("an anonymous visitor is sent to sign in and comes back where they were going", async ({ page }) => {
    await signIn(page, "mona@example.com", "/audit?outcome=success");
    await expect(page).toHaveURL(/\/audit\?outcome=success$/);
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  });

  test("a callbackUrl to another origin is refused", async ({ page }) => {
    await page.goto("/signin?callbackUrl=https%3A%2F%2Fevil.example%2Fphish");
    await expect(page.getByText("pointed outside Keyless")).toBeVisible();
    await page.getByRole("button", { name: /Sign in with/ }).click();
    await page.getByLabel("Email").fill("alice@example.com");
    await page.getByLabel("Password").fill("demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.hostname === "localhost" && u.pathname === "/");
    expect(new URL(page.url()).hostname).toBe("localhost");
  });

  test("signing out ends the session on the server", async ({ page }) => {
    await signIn(page, "alice@example.com");
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.endsWith("keyless.session"));
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");
    await page.getByRole("button", { name: "Sign out" }).first().click();
    await expect(page).toHaveURL(/\/signin/);
    // The old cookie no longer works anywhere.
    const res = await page.request.get("/api/v1/me", { headers: { Cookie: `${session?.name}=${session?.value}` } });
    expect(res.status()).toBe(401);
  });
});

test.describe("engineer", () => {
  test.use({ storageState: storageFor("alice") });

  test("gets working credentials and sees how long they last", async ({ page }) => {
    await page.goto("/");
    const role = page.getByTestId("role-SandboxDeveloper");
    await role.getByRole("button", { name: "Get credentials" }).click();
    const snippet = page.getByTestId("credentials-snippet");
    await expect(snippet).toContainText("export AWS_ACCESS_KEY_ID=");
    await expect(page.getByRole("timer")).toHaveText(/^(59|60):\d\d$|^1:00:00$/);
    const vars = parseExports((await snippet.textContent()) ?? "");
    expect(await whoAmI(vars)).toBe("arn:aws:sts::111111111111:assumed-role/SandboxDeveloper/alice@example.com");

    await page.getByRole("tab", { name: "credential_process" }).click();
    const json = JSON.parse((await snippet.textContent()) ?? "{}") as Record<string, string | number>;
    expect(json.Version).toBe(1);
    expect(json.AccessKeyId).toBe(vars.AWS_ACCESS_KEY_ID);
    const processVars = { AWS_ACCESS_KEY_ID: String(json.AccessKeyId), AWS_SECRET_ACCESS_KEY: String(json.SecretAccessKey) };
    expect(await whoAmI({ ...processVars, AWS_SESSION_TOKEN: String(json.SessionToken) })).toBe(
      "arn:aws:sts::111111111111:assumed-role/SandboxDeveloper/alice@example.com",
    );
    await page.getByRole("tab", { name: "fish" }).click();
    await expect(snippet).toContainText("set -gx AWS_SESSION_TOKEN");
    await page.getByRole("tab", { name: "PowerShell" }).click();
    await expect(snippet).toContainText("$Env:AWS_SECRET_ACCESS_KEY");
  });

  test("is told why a longer session was capped", async ({ page }) => {
    await page.goto("/");
    const roleId = await roleIdByName("SandboxDeveloper");
    const res = await page.request.post("/api/v1/credentials", {
      data: { roleId, durationSeconds: 43200 },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toBe("no-store");
    const body = (await res.json()) as { durationSeconds: number; cappedReason: string } & Record<string, string>;
    expect(body.durationSeconds).toBe(14400);
    expect(body.cappedReason).toContain("at most 4 hours");
    const { accessKeyId = "", secretAccessKey = "", sessionToken } = body;
    expect(await verifiedCallerArn({ accessKeyId, secretAccessKey, sessionToken })).toBe(
      "arn:aws:sts::111111111111:assumed-role/SandboxDeveloper/alice@example.com",
    );
  });

  test("opens the AWS console through a sign-in link", async ({ page, context }) => {
    await page.goto("/");
    const popup = context.waitForEvent("page");
    await page.getByTestId("role-ProductionReadOnly").getByRole("button", { name: "Open console" }).click();
    const consoleTab = await popup;
    await consoleTab.waitForLoadState();
    await expect(consoleTab.getByText("assumed-role/ProductionReadOnly/alice@example.com")).toBeVisible();
  });

  test("cannot see or use an admin-only role", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("role-SandboxDeveloper")).toBeVisible();
    await expect(page.getByTestId("role-SandboxAdmin")).toHaveCount(0);
    await expect(page.getByTestId("role-ProductionAdmin")).toHaveCount(0);

    const origin = new URL(page.url()).origin;
    const roles = (await (await page.request.get("/api/v1/aws-roles")).json()) as { roleName: string }[];
    expect(roles.map((r) => r.roleName)).not.toContain("SandboxAdmin");

    const adminRole = await roleIdByName("SandboxAdmin");
    const before = await snapshot(["aws_roles", "aws_accounts", "sessions"]);
    for (const path of ["/api/v1/credentials", "/api/v1/console-url"]) {
      const res = await page.request.post(path, { data: { roleId: adminRole }, headers: { Origin: origin } });
      expect(res.status()).toBe(403);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
      expect(((await res.json()) as { detail: string }).detail).toContain("none of your groups");
    }
    expect(await snapshot(["aws_roles", "aws_accounts", "sessions"])).toBe(before);
    await page.goto("/admin/accounts");
    await expect(page.getByText("You don't have access to this page")).toBeVisible();
  });

  test("sees a role that needs approval but cannot use it yet", async ({ page }) => {
    await page.goto("/");
    const role = page.getByTestId("role-ProductionDeploy");
    await expect(role.getByText("Requires approval")).toBeVisible();
    await expect(role.getByRole("button", { name: "Get credentials" })).toHaveCount(0);
    const res = await page.request.post("/api/v1/credentials", {
      data: { roleId: await roleIdByName("ProductionDeploy") },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toContain("requires approval");
  });

  test("gets clear 4xx answers to bad input and cross-site requests", async ({ page }) => {
    await page.goto("/");
    const origin = new URL(page.url()).origin;
    const roleId = await roleIdByName("SandboxDeveloper");
    const cases: [unknown, number, RegExp][] = [
      [{ roleId: 5 }, 422, /roleId/],
      [{ roleId, durationSeconds: 60 }, 422, /at least 900/],
      [{ roleId, durationSeconds: 99999 }, 422, /at most 43200/],
      [{ roleId, durationSeconds: "3600" }, 422, /number/],
      [{ roleId, extra: true }, 422, /extra/],
      [{}, 422, /roleId/],
    ];
    for (const [data, status, detail] of cases) {
      const res = await page.request.post("/api/v1/credentials", { data: data as object, headers: { Origin: origin } });
      expect(res.status(), JSON.stringify(data)).toBe(status);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
      expect(((await res.json()) as { detail: string }).detail).toMatch(detail);
    }
    const badJson = await page.request.post("/api/v1/credentials", {
      data: Buffer.from("{nope"),
      headers: { Origin: origin, "Content-Type": "application/json" },
    });
    expect(badJson.status()).toBe(400);
    const crossSite = await page.request.post("/api/v1/credentials", { data: { roleId }, headers: { Origin: "https://evil.example" } });
    expect(crossSite.status()).toBe(403);
    expect(((await crossSite.json()) as { detail: string }).detail).toContain("Cross-site");
  });

  test("reads their own audit trail", async ({ page }) => {
    await page.goto("/audit");
    await expect(page.getByRole("cell", { name: "credentials.issue" }).first()).toBeVisible();
    const actors = await page.locator("tbody tr td:nth-child(2)").allTextContents();
    expect(new Set(actors)).toEqual(new Set(["alice@example.com"]));
  });
});

test.describe("admin", () => {
  test.use({ storageState: storageFor("adam") });

  test("sees the audit chain verified by the worker, and verifies it again on demand", async ({ page }) => {
    // The worker verifies at start (audit-verify job): the page shows its last result.
    await expect(async () => {
      await page.goto("/audit");
      await expect(page.getByText(/Chain verified at \d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+ entries/)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("alert").filter({ hasText: "verification FAILED" })).toHaveCount(0);
    await page.getByRole("button", { name: "Verify integrity" }).click();
    await expect(page.getByRole("status").filter({ hasText: /All \d+ entries intact/ })).toBeVisible();
    await page.screenshot({ path: "test-results/audit-page.png", fullPage: false });
  });

  test("sees the trust policy a role needs", async ({ page }) => {
    await page.goto("/admin/accounts");
    await page.getByTestId("mapping-SandboxDeveloper").getByRole("button", { name: "Trust policy" }).click();
    const policy = JSON.parse((await page.getByTestId("trust-policy").textContent()) ?? "{}") as {
      Statement: { Action: string[] | string }[];
    };
    expect(policy.Statement.map((s) => s.Action)).toEqual([["sts:AssumeRole", "sts:SetSourceIdentity"], "sts:TagSession"]);
  });

  test("sees the rotation role's permissions to revoke sessions, scoped to the account's roles", async ({ page }) => {
    await page.goto("/admin/accounts");
    await page.getByRole("region", { name: "Sandbox" }).getByRole("button", { name: "Rotation role" }).click();
    const text = (await page.getByTestId("revocation-permissions-111111111111").textContent()) ?? "{}";
    const policy = JSON.parse(text) as { Statement: { Action: string[]; Resource: string[] }[] };
    expect(policy.Statement[0]?.Action).toContain("iam:PutRolePolicy");
    expect(policy.Statement[0]?.Resource).toContain("arn:aws:iam::111111111111:role/SandboxDeveloper");
    expect(policy.Statement[0]?.Resource.every((arn) => arn.startsWith("arn:aws:iam::111111111111:role/"))).toBe(true);
    await expect(page.getByRole("button", { name: "Copy permissions" })).toBeVisible();
  });

  test("edits a role mapping and it takes effect for engineers", async ({ page, browser }) => {
    await page.goto("/admin/accounts");
    await page.getByRole("button", { name: "Edit SandboxAdmin" }).click();
    await page.getByLabel("Groups that may use it").fill("aws-admins, engineering");
    await page.getByRole("button", { name: "Save role mapping" }).click();
    await expect(page.getByTestId("mapping-SandboxAdmin").getByText("engineering")).toBeVisible();

    const alice = await browser.newContext({ storageState: storageFor("alice") });
    const alicePage = await alice.newPage();
    await alicePage.goto("/");
    await expect(alicePage.getByTestId("role-SandboxAdmin")).toBeVisible();

    const [entry] = await query<{ details: { before: { allowedGroups: string[] }; after: { allowedGroups: string[] } } }>(
      "SELECT details FROM audit_events WHERE action = 'role_mapping.update' AND target_id LIKE '%SandboxAdmin' ORDER BY id DESC LIMIT 1",
    );
    expect(entry?.details.before.allowedGroups).toEqual(["aws-admins"]);
    expect(entry?.details.after.allowedGroups).toEqual(["aws-admins", "engineering"]);

    await page.getByRole("button", { name: "Edit SandboxAdmin" }).click();
    await page.getByLabel("Groups that may use it").fill("aws-admins");
    await page.getByRole("button", { name: "Save role mapping" }).click();
    await expect(page.getByTestId("mapping-SandboxAdmin").getByText("engineering")).toHaveCount(0);
    await alicePage.reload();
    await expect(alicePage.getByTestId("role-SandboxAdmin")).toHaveCount(0);
    await alice.close();
  });

  test("adds an account with a role, and bad input is explained", async ({ page }) => {
    await page.goto("/admin/accounts");
    await page.getByRole("button", { name: "Add account" }).click();
    await page.getByLabel("AWS account id").fill("333333333333");
    await page.getByLabel("Name").fill("Staging");
    await page.getByRole("button", { name: "Add account" }).last().click();
    const staging = page.getByRole("region", { name: "Staging" });
    await expect(staging).toBeVisible();
    await staging.getByRole("button", { name: "Add role" }).click();
    await page.getByLabel("Role ARN").fill("arn:aws:iam::444444444444:role/Wrong");
    await page.getByRole("button", { name: "Add role mapping" }).click();
    await expect(page.getByText("The role ARN must be in account 333333333333.")).toBeVisible();
    await page.getByLabel("Role ARN").fill("arn:aws:iam::333333333333:role/StagingDeveloper");
    await page.getByLabel("Groups that may use it").fill("engineering");
    await page.getByRole("button", { name: "Add role mapping" }).click();
    await expect(page.getByTestId("mapping-StagingDeveloper")).toBeVisible();
  });
});

test.describe("API without a session", () => {
  const routes: [string, string][] = [
    ["GET", "/api/v1/me"],
    ["GET", "/api/v1/aws-roles"],
    ["POST", "/api/v1/credentials"],
    ["POST", "/api/v1/console-url"],
    ["GET", "/api/v1/audit"],
    ["GET", "/api/v1/audit/export"],
  ];
  for (const [method, path] of routes) {
    test(`${method} ${path} answers 401 problem+json`, async ({ request }) => {
      const res = await request.fetch(path, { method, data: method === "POST" ? { roleId: "x" } : undefined });
      expect(res.status()).toBe(401);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
      expect(((await res.json()) as { detail: string }).detail).toBeTruthy();
    });
  }

  test("health answers without a session, with the database status", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});
