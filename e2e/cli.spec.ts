import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { fromProcess } from "@aws-sdk/credential-providers";
import { expect, test, type Page } from "@playwright/test";
import { verifiedCallerArn, withAlteredSecret, withAlteredToken, type Credentials } from "../test/support/vended-credentials";
import { appUrl, cliHome } from "./cli-runner";
import { query } from "./db";
import { signIn } from "./sign-in";
import { storageFor } from "./users";

// The real CLI (cli/bin/keyless.mjs, built by `npm run build:cli`) as a child process
// against the running app, signed in through the browser like a person would.

const motoUrl = process.env.KEYLESS_TEST_MOTO_URL ?? "";
const cli = cliHome("cli-home");
const { home, configDir, awsConfig } = cli;
// credential_process children inherit this process's environment (fromProcess runs them).
process.env.KEYLESS_CONFIG_DIR = configDir;

const keyless = (...args: string[]) => cli.run(args);
const session = () => cli.session();
const loginThroughBrowser = (page: Page, decision: "Approve" | "Deny" = "Approve") => cli.login(page, decision);

/** Checked by signature (test/support/vended-credentials.ts): a wrong secret or token fails. */
const whoAmI = verifiedCallerArn;
const aliceDeveloper = "arn:aws:sts::111111111111:assumed-role/SandboxDeveloper/alice@example.com";

/** The real AWS CLI (botocore signs; the sandbox checks the signature) in the CLI's home. */
function awsCli(
  args: string[],
  extra: Record<string, string | undefined> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = cli.env({ AWS_SHARED_CREDENTIALS_FILE: path.join(home, ".aws", "credentials"), AWS_EC2_METADATA_DISABLED: "true" });
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) delete env[name];
  const child = spawn("aws", [...args, "--endpoint-url", motoUrl, "--region", "us-east-1", "--output", "json"], {
    env: { ...env, ...extra },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", (e) => reject(new Error(`the AWS CLI (aws) did not start: ${e.message}`)));
    child.on("close", (code) => resolve({ code, ...out }));
  });
}

const asEnv = (c: Credentials) => ({
  AWS_ACCESS_KEY_ID: c.accessKeyId,
  AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
  AWS_SESSION_TOKEN: c.sessionToken,
});

test.use({ storageState: storageFor("alice") });
test.beforeAll(() => {
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
});

test.describe("the keyless CLI", () => {
  // One CLI sign-in, used step after step.
  test.describe.configure({ mode: "serial" });

  test("signs in through the browser, and keeps its token private", async ({ page }) => {
    const result = await loginThroughBrowser(page);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Signed in to ${appUrl} as alice@example.com.`);

    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(configDir, "session.json")).mode & 0o777).toBe(0o600);
    const [row] = await query<{ access_token_hash: string; user_email: string }>(
      "SELECT s.access_token_hash, u.email AS user_email FROM cli_sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1",
      [session().sessionId],
    );
    expect(row?.user_email).toBe("alice@example.com");
    expect(row?.access_token_hash).not.toBe(session().accessToken);

    const who = await keyless("whoami");
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toMatch(/User:\s+alice@example\.com/);
    expect(who.stdout).toMatch(/Roles:\s+engineer/);

    const roles = await keyless("roles");
    expect(roles.stdout).toMatch(/111111111111\/SandboxDeveloper\s+Sandbox\s+4h\s+keyless-sandbox-sandboxdeveloper/);
    expect(roles.stdout).toMatch(/222222222222\/ProductionDeploy .*requires approval/);
    expect(roles.stdout).not.toContain("SandboxAdmin");
  });

  test("its token works on the API with the person's own permissions, cookies or not", async ({ playwright }) => {
    const api = await playwright.request.newContext({
      baseURL: appUrl,
      extraHTTPHeaders: { Authorization: `Bearer ${session().accessToken}` },
    });
    const me = await api.get("/api/v1/me");
    expect(me.status()).toBe(200);
    // awsSessionsRevokedAt depends on what earlier specs revoked (a grant of hers, say): present, either way.
    const body = (await me.json()) as Record<string, unknown>;
    expect(body).toEqual({
      email: "alice@example.com",
      name: "Alice Engineer",
      roles: ["engineer"],
      groups: ["engineering"],
      awsSessionsRevokedAt: body.awsSessionsRevokedAt === null ? null : expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const audit = (await (await api.get("/api/v1/audit?action=cli.")).json()) as { items: { actorEmail: string; action: string }[] };
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(["cli.session.create", "cli.device.approve"]));
    expect(audit.items.every((e) => e.actorEmail === "alice@example.com")).toBe(true);
    const [admin] = await query<{ id: string }>("SELECT id FROM aws_roles WHERE role_name = 'SandboxAdmin'");
    // A bearer request is not a browser's: no cross-site check, but the same authorization.
    const refused = await api.post("/api/v1/credentials", { data: { roleId: admin?.id }, headers: { Origin: "https://evil.example" } });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toContain("none of your groups");
    const garbage = await api.get("/api/v1/me", { headers: { Authorization: "Bearer kl_at_not-a-real-token" } });
    expect(garbage.status()).toBe(401);
    expect(garbage.headers()["www-authenticate"]).toContain("Bearer");
    await api.dispose();
  });

  test("writes AWS profiles whose credential_process the AWS SDK accepts, and the credentials work", async () => {
    const mine =
      "[default]\nregion = eu-west-1\n\n# hand-written, must survive\n[profile mine]\nrole_arn = arn:aws:iam::123456789012:role/Mine\nsource_profile = default\n";
    mkdirSync(path.dirname(awsConfig), { recursive: true });
    writeFileSync(awsConfig, mine);

    const configured = await keyless("configure");
    expect(configured.code, configured.stderr).toBe(0);
    expect(configured.stdout).toContain("keyless-sandbox-sandboxdeveloper");
    expect(configured.stderr).toContain("Skipped 222222222222/ProductionDeploy: it requires approval.");
    const written = readFileSync(awsConfig, "utf8");
    expect(written.startsWith(mine)).toBe(true);
    expect(written).toMatch(
      /\[profile keyless-sandbox-sandboxdeveloper\]\ncredential_process = .*keyless\.mjs credentials --role 111111111111\/SandboxDeveloper\n/,
    );
    expect((await keyless("configure")).code).toBe(0);
    expect(readFileSync(awsConfig, "utf8")).toBe(written);

    const provider = fromProcess({
      profile: "keyless-sandbox-sandboxdeveloper",
      configFilepath: awsConfig,
      filepath: path.join(home, ".aws", "credentials"),
    });
    const creds = await provider();
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.expiration!.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(await whoAmI(creds)).toBe(aliceDeveloper);

    // The real AWS CLI runs the profile's credential_process itself and signs with what it printed.
    const viaAwsCli = await awsCli(["sts", "get-caller-identity", "--profile", "keyless-sandbox-sandboxdeveloper"]);
    expect(viaAwsCli.code, viaAwsCli.stderr).toBe(0);
    expect((JSON.parse(viaAwsCli.stdout) as { Arn: string }).Arn).toBe(aliceDeveloper);

    // Served from the private cache the second time: the same credentials.
    const again = await keyless("credentials", "--role", "111111111111/SandboxDeveloper");
    expect(JSON.parse(again.stdout)).toMatchObject({
      Version: 1,
      AccessKeyId: creds.accessKeyId,
      SecretAccessKey: creds.secretAccessKey,
      SessionToken: creds.sessionToken,
    });
    const [cached] = readdirSync(path.join(configDir, "cache"));
    expect(statSync(path.join(configDir, "cache", cached!)).mode & 0o777).toBe(0o600);

    const removed = await keyless("configure", "--remove");
    expect(removed.code).toBe(0);
    expect(readFileSync(awsConfig, "utf8")).toBe(mine);
  });

  test("prints shell exports for bash, fish and PowerShell", async () => {
    const bash = await keyless("env", "--role", "Sandbox/SandboxDeveloper", "--shell", "bash");
    expect(bash.code, bash.stderr).toBe(0);
    const vars: Record<string, string> = Object.fromEntries(
      [...bash.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m): [string, string] => [m[1] ?? "", m[2] ?? ""]),
    );
    const exported = {
      accessKeyId: vars.AWS_ACCESS_KEY_ID!,
      secretAccessKey: vars.AWS_SECRET_ACCESS_KEY!,
      sessionToken: vars.AWS_SESSION_TOKEN,
    };
    expect(await whoAmI(exported)).toBe(aliceDeveloper);
    // The same exports in the real AWS CLI's environment; altered, AWS refuses them.
    const ok = await awsCli(["sts", "get-caller-identity"], asEnv(exported));
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { Arn: string }).Arn).toBe(aliceDeveloper);
    const badSecret = await awsCli(["sts", "get-caller-identity"], asEnv(withAlteredSecret(exported)));
    expect(badSecret.code).toBe(255);
    expect(badSecret.stderr).toContain("SignatureDoesNotMatch");
    const badToken = await awsCli(["sts", "get-caller-identity"], asEnv(withAlteredToken(exported)));
    expect(badToken.code).toBe(255);
    expect(badToken.stderr).toContain("InvalidClientTokenId");
    expect(vars.AWS_CREDENTIAL_EXPIRATION).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await keyless("env", "--role", "Sandbox/SandboxDeveloper", "--shell", "fish")).stdout).toContain(
      `set -gx AWS_ACCESS_KEY_ID '${vars.AWS_ACCESS_KEY_ID}'`,
    );
    expect((await keyless("env", "--role", "Sandbox/SandboxDeveloper", "--shell", "powershell")).stdout).toContain(
      `$Env:AWS_SESSION_TOKEN = '`,
    );
  });

  test("explains refusals: a role it may not use, a role that needs approval, a bad option", async () => {
    const admin = await keyless("credentials", "--role", "111111111111/SandboxAdmin");
    expect(admin.code).toBe(4);
    expect(admin.stderr).toContain("You have no role “111111111111/SandboxAdmin”.");
    expect(admin.stderr).toContain("keyless roles");
    const approval = await keyless("credentials", "--role", "222222222222/ProductionDeploy");
    expect(approval.code).toBe(4);
    expect(approval.stderr).toContain("requires approval");
    const bad = await keyless("credentials", "--role", "x", "--duration", "5m");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("give 15m to 12h");
  });

  test("opens the console through a sign-in link", async ({ page }) => {
    const result = await keyless("console", "--role", "111111111111/SandboxDeveloper");
    expect(result.code, result.stderr).toBe(0);
    const url = result.stdout.trim();
    await page.goto(url);
    await expect(page.getByText("assumed-role/SandboxDeveloper/alice@example.com")).toBeVisible();
  });

  test("is limited per token: 429 with Retry-After, and the CLI says when to retry", async ({ request }) => {
    const { accessToken } = session();
    const [role] = await query<{ id: string }>("SELECT id FROM aws_roles WHERE role_name = 'SandboxDeveloper'");
    let last: Awaited<ReturnType<typeof request.post>> | undefined;
    for (let i = 0; i < 30; i++) {
      last = await request.post("/api/v1/credentials", { data: { roleId: role?.id }, headers: { Authorization: `Bearer ${accessToken}` } });
      if (last.status() !== 200) break;
    }
    expect(last?.status()).toBe(429);
    expect(Number(last?.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(last?.headers()["content-type"]).toContain("application/problem+json");
    expect(((await last?.json()) as { detail: string }).detail).toMatch(/Too many requests/);

    const cli = await keyless("credentials", "--role", "111111111111/SandboxDeveloper", "--no-cache");
    expect(cli.code).toBe(6);
    expect(cli.stderr).toMatch(/Keyless is limiting requests[\s\S]*Try again in \d+ seconds/);
  });

  test("is refused with a clear message once its session is revoked on the CLI sessions page", async ({ page }) => {
    const { sessionId } = session();
    await page.goto("/cli-sessions");
    const card = page.getByTestId(`cli-session-${sessionId}`);
    await expect(card).toContainText(hostname());
    await expect(card).toContainText("keyless CLI");
    await expect(card).toContainText("Active");
    await expect(card).toContainText(/Last used\s*just now|Last used\s*\d+ min ago/);
    page.once("dialog", (d) => void d.accept());
    await card.getByRole("button", { name: "Revoke" }).click();
    await expect(card).toContainText("Revoked");
    const [row] = await query<{ revoked_at: Date | null }>("SELECT revoked_at FROM cli_sessions WHERE id = $1", [sessionId]);
    expect(row?.revoked_at).not.toBeNull();

    const refused = await keyless("whoami");
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("This CLI session was revoked.");
    expect(refused.stderr).toContain(`keyless login --server ${appUrl}`);
    const after = await keyless("roles");
    expect(after.code).toBe(3);
    expect(after.stderr).toContain("You are not signed in to Keyless.");
  });

  test("refreshes an expired access token by itself, then signs out on the server", async ({ page }) => {
    expect((await loginThroughBrowser(page)).code).toBe(0);
    const before = session();
    // The server considers the access token expired; the CLI still thinks it is fresh.
    await query("UPDATE cli_sessions SET access_expires_at = now() - interval '1 second' WHERE id = $1", [before.sessionId]);
    const who = await keyless("whoami");
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toContain("alice@example.com");
    const after = session();
    expect(after.sessionId).toBe(before.sessionId);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);

    const out = await keyless("logout");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`Signed out of ${appUrl}.`);
    const [row] = await query<{ revoked_at: Date | null; revoked_reason: string }>(
      "SELECT revoked_at, revoked_reason FROM cli_sessions WHERE id = $1",
      [before.sessionId],
    );
    expect(row?.revoked_reason).toContain("keyless logout");
    const res = await fetch(`${appUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${after.accessToken}` } });
    expect(res.status).toBe(401);
  });

  test("is told when the person denies the sign-in", async ({ page }) => {
    const result = await loginThroughBrowser(page, "Deny");
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("The sign-in was denied in the browser.");
  });
});

test.describe("device page", () => {
  test("keeps the code through SSO sign-in when the browser was not signed in yet", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await signIn(page, "mona@example.com", "/device?code=BCDF-GHJK");
    await expect(page).toHaveURL(/\/device\?code=BCDF-GHJK$/);
    await expect(page.getByText("No sign-in is waiting for this code")).toBeVisible();
    await context.close();
  });

  test("refuses a code that is not waiting, and a malformed one", async ({ page }) => {
    await page.goto("/device?code=BCDF-GHJK");
    await expect(page.getByText("No sign-in is waiting for this code")).toBeVisible();
    await page.getByLabel("Code").fill("hello");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText("That is not a sign-in code: it has 8 letters, like WDJB-MJHT.")).toBeVisible();
  });
});

test.describe("API documentation", () => {
  test("serves the OpenAPI document without sign-in, and renders it readably", async ({ page, playwright }) => {
    const anonymous = await playwright.request.newContext({ baseURL: appUrl });
    const res = await anonymous.get("/api/v1/openapi.json");
    expect(res.status()).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { "x-keyless-permission"?: string }>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/credentials"]?.post?.["x-keyless-permission"]).toBe("credentials.issue");
    expect(doc.paths["/api/v1/device/token"]?.post).toBeDefined();
    await anonymous.dispose();

    await page.goto("/api-docs");
    const op = page.getByRole("article", { name: "POST /api/v1/credentials" });
    await expect(op).toContainText("needs credentials.issue");
    await expect(op).toContainText("durationSeconds");
    await expect(op).toContainText("429");
  });
});

test.describe("retire your keys", () => {
  test("shows the three steps with this server's address and the person's own profiles", async ({ page }) => {
    await page.goto("/migrate");
    await expect(page.getByRole("heading", { name: "Retire your access keys" })).toBeVisible();
    await expect(page.getByText(`keyless login --server ${appUrl}`)).toBeVisible();
    await expect(page.getByText("keyless-sandbox-sandboxdeveloper", { exact: false }).first()).toBeVisible();
    // Before or after the first inventory sync, the page says which (e2e/inventory.spec.ts
    // checks the listed keys once a sync has run).
    await expect(page.getByText(/Keyless cannot list your keys yet|Your IAM user keys/).first()).toBeVisible();
  });
});
