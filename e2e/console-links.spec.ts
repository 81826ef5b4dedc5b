import { rmSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { cliHome } from "./cli-runner";
import { query } from "./db";
import { storageFor } from "./users";

// Console deep links (issue 15): from the credentials page, the API and the CLI, a link to
// S3 in eu-west-1 reaches the federation stand-in with that Destination, after a sign-in
// token exchange sent as a form POST. Favourites are one-click links of the person's own.

const federation = process.env.KEYLESS_TEST_FEDERATION_URL ?? "";
const S3_IRELAND = "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1";
const ALICE_DEVELOPER = "arn:aws:sts::111111111111:assumed-role/SandboxDeveloper/alice@example.com";

type Seen = { action: string; method: string; arn?: string; destination?: string; at: string };

/** What the federation stand-in was asked for alice's SandboxDeveloper session since `since`. */
async function seenSince(since: string): Promise<Seen[]> {
  const all = (await (await fetch(`${federation}/_requests`)).json()) as Seen[];
  return all.filter((r) => r.at >= since && r.arn === ALICE_DEVELOPER);
}

/** The stand-in exchanged a token by POST, then signed alice in at `destination`. */
async function expectSignedInAt(since: string, destination: string) {
  await expect
    .poll(async () => (await seenSince(since)).filter((r) => r.action === "login").map((r) => r.destination))
    .toContain(destination);
  const seen = await seenSince(since);
  const exchanges = seen.filter((r) => r.action === "getSigninToken");
  expect(exchanges.length).toBeGreaterThan(0);
  expect(exchanges.map((r) => r.method)).toEqual(exchanges.map(() => "POST"));
}

async function pickDestination(page: Page, service: string, region: string) {
  await page.getByLabel("Console service").fill(service);
  await page.getByLabel("Console region").selectOption(region);
}

test.use({ storageState: storageFor("alice") });

test.describe("console deep links", () => {
  test("the credentials page opens S3 in eu-west-1 through the federation endpoint", async ({ page, context }) => {
    const since = new Date().toISOString();
    await page.goto("/");
    await pickDestination(page, "S3", "eu-west-1");
    const popup = context.waitForEvent("page");
    await page.getByTestId("role-SandboxDeveloper").getByRole("button", { name: "Open console" }).click();
    const consoleTab = await popup;
    await consoleTab.waitForLoadState();
    await expect(consoleTab.getByText(`Destination: ${S3_IRELAND}`)).toBeVisible();
    await expect(consoleTab.getByText("assumed-role/SandboxDeveloper/alice@example.com")).toBeVisible();
    await expectSignedInAt(since, S3_IRELAND);
  });

  test("the API returns a login URL holding only the token, the destination and the issuer", async ({ page }) => {
    const since = new Date().toISOString();
    const [role] = await query<{ id: string }>("SELECT id FROM aws_roles WHERE role_name = 'SandboxDeveloper'");
    await page.goto("/");
    const res = await page.request.post("/api/v1/console-url", {
      data: { roleId: role!.id, destination: { service: "s3", region: "eu-west-1" } },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect(res.status(), await res.text()).toBe(200);
    const body = (await res.json()) as { url: string; destination: string };
    expect(body.destination).toBe(S3_IRELAND);
    const login = new URL(body.url);
    expect([...login.searchParams.keys()].sort()).toEqual(["Action", "Destination", "Issuer", "SigninToken"]);
    expect(login.searchParams.get("Destination")).toBe(S3_IRELAND);
    await page.goto(body.url);
    await expect(page.getByText(`Destination: ${S3_IRELAND}`)).toBeVisible();
    await expectSignedInAt(since, S3_IRELAND);
  });

  test("keyless console --service s3 --region eu-west-1 --print prints only the link, which lands there", async ({ page }) => {
    const cli = cliHome("console-links");
    rmSync(cli.home, { recursive: true, force: true });
    expect((await cli.login(page)).code).toBe(0);
    const since = new Date().toISOString();
    const result = await cli.run([
      "console",
      "--role",
      "111111111111/SandboxDeveloper",
      "--service",
      "s3",
      "--region",
      "eu-west-1",
      "--print",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(new URL(lines[0]!).searchParams.get("Destination")).toBe(S3_IRELAND);
    await page.goto(lines[0]!);
    await expect(page.getByText(`Destination: ${S3_IRELAND}`)).toBeVisible();
    await expectSignedInAt(since, S3_IRELAND);

    const refused = await cli.run(["console", "--role", "111111111111/SandboxDeveloper", "--path", "//evil.com", "--print"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("destination.path");
  });

  test("a starred service and region is a one-click link of alice's own", async ({ page, context, browser }) => {
    await query("DELETE FROM console_favourites WHERE user_id = (SELECT id FROM users WHERE email = 'alice@example.com')");
    await page.goto("/");
    await pickDestination(page, "Lambda", "eu-central-1");
    await page.getByRole("button", { name: "Add Lambda in eu-central-1 as SandboxDeveloper to favourites" }).click();
    const favourites = page.getByRole("region", { name: "Console favourites" });
    const link = favourites.getByRole("button", { name: /^Lambda · eu-central-1 · .*\/SandboxDeveloper$/ });
    await expect(link).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("console-picker.png") });

    // It stays after a reload, and opens Lambda in eu-central-1 in one click.
    await page.reload();
    const since = new Date().toISOString();
    const popup = context.waitForEvent("page");
    await link.click();
    const consoleTab = await popup;
    const lambda = "https://eu-central-1.console.aws.amazon.com/lambda/home?region=eu-central-1";
    await expect(consoleTab.getByText(`Destination: ${lambda}`)).toBeVisible();
    await expectSignedInAt(since, lambda);

    // Mona's credentials page does not show it.
    const mona = await browser.newContext({ storageState: storageFor("mona") });
    const monaPage = await mona.newPage();
    await monaPage.goto("/");
    await expect(monaPage.getByTestId("role-SandboxDeveloper")).toBeVisible();
    await expect(monaPage.getByText(/Lambda · eu-central-1/)).toHaveCount(0);
    await mona.close();

    // Starred: the star is filled, and unstarring it from the role's row removes the link.
    await pickDestination(page, "Lambda", "eu-central-1");
    const star = page.getByRole("button", { name: "Remove Lambda in eu-central-1 as SandboxDeveloper from favourites" });
    await expect(star).toHaveAttribute("aria-pressed", "true");
    await star.click();
    await expect(page.getByRole("region", { name: "Console favourites" })).toHaveCount(0);

    // The cross on a favourite removes it too.
    await page.getByRole("button", { name: "Add Lambda in eu-central-1 as SandboxDeveloper to favourites" }).click();
    await favourites.getByRole("button", { name: /^Remove Lambda · eu-central-1/ }).click();
    await expect(page.getByRole("region", { name: "Console favourites" })).toHaveCount(0);
  });
});
