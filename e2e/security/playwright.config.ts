import { defineConfig } from "@playwright/test";
import base from "../playwright.config";

// The security suite (issue 7): runs after the e2e phase against the same sandbox, app and
// worker (scripts/test.ts, `npm run test:security`). Files run one after the other in name
// order (the fuzzer last: it exhausts rate limits); the leak scan is the teardown project,
// so it runs after everything else, whether or not the other specs passed.
export default defineConfig({
  ...base,
  testDir: ".",
  testMatch: "**/*.spec.ts",
  testIgnore: [],
  timeout: 180_000,
  outputDir: "../../test-results/security",
  globalSetup: "../global-setup.ts",
  projects: [
    { name: "security", testIgnore: "**/leaks.spec.ts", use: { browserName: "chromium" }, teardown: "leaks" },
    { name: "leaks", testMatch: "**/leaks.spec.ts", testIgnore: [], use: { browserName: "chromium" } },
  ],
});
