import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { appUrl, cliHome } from "./cli-runner";
import { storageFor } from "./users";

// `keyless doctor` and shell completion with the built CLI against the running app: alice
// signs in and configures her profiles, then plants a long-lived key.

const cli = cliHome("cli-doctor");
const credentialsFile = path.join(cli.home, ".aws", "credentials");
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
// Nothing from the runner's own environment may look like a leftover key.
const clean = { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_SESSION_TOKEN: "" };
const keyless = (...args: string[]) => cli.run(args, clean);

/** Runs `script` in a real bash whose PATH starts with the built `keyless`. */
function bash(script: string): { code: number | null; stdout: string; stderr: string } {
  const bin = path.join(cli.home, "bin");
  const out = spawnSync("bash", ["--norc", "-c", script], {
    env: { ...cli.env(clean), PATH: `${bin}:${process.env.PATH}` },
    encoding: "utf8",
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}
const complete = (line: string) =>
  bash(`source <(keyless completion bash)
COMP_LINE='${line}'; COMP_POINT=\${#COMP_LINE}; _keyless; printf '%s\\n' "\${COMPREPLY[@]}"`)
    .stdout.split("\n")
    .filter(Boolean);

test.use({ storageState: storageFor("alice") });
test.beforeAll(() => {
  rmSync(cli.home, { recursive: true, force: true });
  mkdirSync(path.join(cli.home, "bin"), { recursive: true });
  symlinkSync(path.resolve(import.meta.dirname, "..", "cli", "bin", "keyless.mjs"), path.join(cli.home, "bin", "keyless"));
});

test.describe("keyless doctor and completion", () => {
  test.describe.configure({ mode: "serial" });

  test("doctor: ✔ for a signed-in user with Keyless profiles", async ({ page }) => {
    const before = await keyless("doctor");
    expect(before.code).toBe(1);
    expect(before.stdout).toContain("✘ Server       No Keyless server configured.");

    expect((await cli.login(page)).code).toBe(0);
    expect((await keyless("configure")).code).toBe(0);
    const result = await keyless("doctor");
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^✔ Server +Keyless \\d+\\.\\d+\\.\\d+ at ${appUrl} \\(this CLI`)));
    expect(lines).toContainEqual(
      expect.stringMatching(/^✔ Session +Signed in to .* as alice@example\.com, until .* UTC \(\d+ days left\)/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^✔ Clock +Within \d+ s of the server's\./));
    expect(lines).toContainEqual(
      expect.stringMatching(/^✔ AWS profiles \d+ Keyless profiles? in .*, each runnable and for one of your roles\./),
    );
    expect(lines).toContainEqual(`✔ Access keys  No ${credentialsFile}: no access key left in it.`);
    expect(lines).toContainEqual("✔ Environment  No long-lived access key in AWS_ACCESS_KEY_ID.");
    expect(result.stdout).not.toMatch(/^[✘!]/m);
  });

  test("doctor: ✘ with the fix for a leftover AKIA key, never printing the secret", async () => {
    writeFileSync(credentialsFile, `[legacy-tool]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n`, {
      mode: 0o600,
    });
    const result = await keyless("doctor");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `✘ Access keys  Profile [legacy-tool] in ${credentialsFile} holds a long-lived access key (AKIA…MPLE).`,
    );
    expect(result.stdout).toContain(
      `fix: Run \`keyless configure\`, point what uses [legacy-tool] at a keyless-… profile, then delete the [legacy-tool] block from ${credentialsFile} and deactivate the key (see ${appUrl}/migrate).`,
    );
    expect(result.stderr).toContain("keyless: 1 check failed.");
    expect(result.stdout + result.stderr).not.toContain(SECRET);

    const json = await keyless("doctor", "--json");
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: { area: string; status: string }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => c.status === "fail").map((c) => c.area)).toEqual(["Access keys"]);
    rmSync(credentialsFile);
  });

  test("completion loads in bash and offers commands and alice's roles", async () => {
    const loaded = bash("source <(keyless completion bash); complete -p keyless");
    expect(loaded.stdout.trim(), loaded.stderr).toBe("complete -F _keyless keyless");
    expect(complete("keyless do")).toEqual(["doctor"]);
    expect(complete("keyless env --shell f")).toEqual(["fish"]);

    const roles = JSON.parse((await keyless("roles", "--json")).stdout) as { accountId: string; roleName: string }[];
    const refs = roles.map((r) => `${r.accountId}/${r.roleName}`);
    expect(refs).toContain("111111111111/SandboxDeveloper");
    // From the cache `keyless roles` just wrote…
    expect(complete("keyless credentials --role ")).toEqual(refs);
    expect(complete("keyless console -r 111")).toEqual(refs.filter((r) => r.startsWith("111")));
    // …and from the server when there is none.
    rmSync(path.join(cli.configDir, "cache", "roles.json"));
    expect(complete("keyless env --role ")).toEqual(refs);
    // Signed out: nothing, at once, and no message in the terminal.
    expect((await keyless("logout")).code).toBe(0);
    const started = Date.now();
    const out = bash(`keyless __complete roles`);
    expect(out).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

test.describe("retire your keys: which command for which tool", () => {
  test("names every command with the person's own role, each copyable", async ({ page }, testInfo) => {
    await page.goto("/migrate");
    const section = page.getByRole("region", { name: "Which command for which tool" });
    for (const command of ["credentials", "env", "exec", "serve", "export", "console"])
      await expect(section.getByRole("heading", { name: new RegExp(`^keyless ${command} `) })).toBeVisible();
    // With one of alice's own roles (the page's first usable one).
    await expect(section.getByText(/^keyless exec --role \d{12}\/\w+ -- terraform apply$/)).toBeVisible();
    await expect(section.getByText(/^keyless export --role \d{12}\/\w+ --profile legacy --watch$/)).toBeVisible();
    await expect(section.getByText(/^keyless configure\saws s3 ls --profile keyless-[a-z0-9-]+$/)).toBeVisible();
    await expect(section.getByRole("button", { name: "Copy" })).toHaveCount(6);
    await page.screenshot({ path: testInfo.outputPath("migrate.png"), fullPage: true });
  });
});
