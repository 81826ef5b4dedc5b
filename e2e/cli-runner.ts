import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

// The real CLI (cli/bin/keyless.mjs, built by `npm run build:cli`) as a child process with
// a HOME of its own (git-ignored), so no ~/.aws or ~/.config is touched.

export const appUrl = process.env.KEYLESS_TEST_APP_URL ?? "http://localhost:3100";
const bin = path.resolve(import.meta.dirname, "..", "cli", "bin", "keyless.mjs");

export type CliResult = { code: number | null; stdout: string; stderr: string };
export type CliSessionFile = { sessionId: string; accessToken: string; refreshToken: string; user: { email: string } };

export function cliHome(name: string) {
  const home = path.resolve(import.meta.dirname, "..", ".sandbox", "e2e", name);
  const configDir = path.join(home, "config", "keyless");
  const awsConfig = path.join(home, ".aws", "config");
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    HOME: home,
    KEYLESS_CONFIG_DIR: configDir,
    KEYLESS_NO_BROWSER: "1",
    AWS_CONFIG_FILE: awsConfig,
    ...extra,
  });
  const start = (args: string[], extra?: Record<string, string>) => {
    const child = spawn(process.execPath, [bin, ...args], { env: env(extra), stdio: ["ignore", "pipe", "pipe"] });
    const out = { stdout: "", stderr: "" };
    child.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
    const done = new Promise<CliResult>((resolve) => child.on("close", (code) => resolve({ code, ...out })));
    return { out, done, child };
  };
  return {
    home,
    configDir,
    awsConfig,
    env,
    start,
    run: (args: string[], extra?: Record<string, string>) => start(args, extra).done,
    session: () => JSON.parse(readFileSync(path.join(configDir, "session.json"), "utf8")) as CliSessionFile,
    /** `keyless login`, completed in the browser by the signed-in `page`. */
    async login(page: Page, decision: "Approve" | "Deny" = "Approve"): Promise<CliResult> {
      const cli = start(["login", "--server", appUrl]);
      await expect.poll(() => cli.out.stderr, { timeout: 15_000 }).toMatch(/code:\s+[A-Z]{4}-[A-Z]{4}/);
      const link = /(https?:\/\/\S+\/device\?code=\S+)/.exec(cli.out.stderr)?.[1] ?? "";
      const code = /code:\s+([A-Z]{4}-[A-Z]{4})/.exec(cli.out.stderr)?.[1] ?? "";
      expect(link).toBe(`${appUrl}/device?code=${code}`);
      await page.goto(link);
      await expect(page.getByTestId("device-user-code")).toHaveText(code);
      await expect(page.getByText(hostname(), { exact: true })).toBeVisible();
      await expect(page.getByText(/keyless CLI \d+\.\d+\.\d+/)).toBeVisible();
      await page.getByRole("button", { name: decision }).click();
      await expect(page.getByTestId("device-result")).toContainText(decision === "Approve" ? "CLI signed in" : "Sign-in denied");
      return cli.done;
    },
  };
}
