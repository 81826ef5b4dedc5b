import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Runs against the sandbox that scripts/test.ts starts (`npm test`). Chromium comes from
// the machine (Debian's package), never from Playwright's download.

const executablePath = process.env.KEYLESS_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const baseURL = process.env.KEYLESS_TEST_APP_URL ?? "http://localhost:3100";

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  // The security suite has its own configuration (e2e/security/playwright.config.ts).
  testIgnore: "security/**",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A stray test.only would run one test and pass: refused in CI (the security suite inherits it).
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // npm test also asks for a JSON report, to name the failed tests again at the end of its output.
  reporter: process.env.KEYLESS_TEST_REPORT_FILE ? [["list"], ["json", { outputFile: process.env.KEYLESS_TEST_REPORT_FILE }]] : [["list"]],
  outputDir: "../test-results",
  globalSetup: "./global-setup.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
