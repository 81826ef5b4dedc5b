import next from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

// AGPL-3.0 packages: tests may use them to prove IAM semantics, product code never imports
// them (ADR 014; lib/licence-guard.test.ts checks the same, and built bundles).
const agplTestOnly = {
  group: [
    ...["iam-simulate", "iam-policy", "iam-expand", "iam-utils"].flatMap((p) => [`@cloud-copilot/${p}`, `@cloud-copilot/${p}/**`]),
    "**/test/support/iam-simulator",
  ],
  message: "AGPL-3.0: tests only (ADR 014). Product code must not import it.",
};
// Job handlers are bound for the worker only (lib/jobs/handlers.ts): code that enqueues a
// job imports its definition, never what runs it, so no import loop forms through a job.
const workerOnly = {
  group: ["@/lib/jobs/handlers"],
  message: "Worker only: enqueue through lib/jobs/definitions; scripts/worker.ts binds the handlers.",
};
// One audit path (ADR 017): withAudit, auditRefusal and auditSystemStep (lib/audit/record.ts),
// and, for a one-statement writer, lib/audit/statement.ts. The row writer stays inside lib/audit.
const auditPrivate = {
  group: ["@/lib/audit/append", "**/lib/audit/append"],
  message: "Write audit entries through withAudit, auditRefusal or auditSystemStep (lib/audit/record.ts).",
};
const auditSql = ["Literal", "TemplateElement"].map((node) => ({
  selector: `${node}[value${node === "TemplateElement" ? ".raw" : ""}=/INSERT\\s+INTO\\s+audit_(events|macs)/i]`,
  message: "Audit rows are written by lib/audit only (withAudit, auditRefusal, auditSystemStep).",
}));
const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx", "**/*.spec.ts", "test/**", "e2e/**"];
// A focused or skipped test lets CI pass without running the rest: never committed.
const TEST_RUNNERS = "/^(it|test|describe|suite|bench)$/";
const focusedTests = ["only", "skip", "todo", "fixme"].flatMap((modifier) => [
  {
    selector: `MemberExpression[object.name=${TEST_RUNNERS}][property.name="${modifier}"]`,
    message: `No .${modifier} in committed tests: CI must run every test.`,
  },
  {
    selector: `MemberExpression[object.property.name="describe"][property.name="${modifier}"]`,
    message: `No .${modifier} in committed tests: CI must run every test.`,
  },
]);

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "lib/generated/**",
      "node_modules/**",
      ".sandbox/**",
      "next-env.d.ts",
      "playwright-report/**",
      "test-results/**",
      "cli/dist/**",
      "**/*.py",
    ],
  },
  ...next,
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ["**/*.{ts,tsx}"] })),
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/only-throw-error": "off",
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: TEST_FILES,
    rules: { "no-restricted-syntax": ["error", ...focusedTests] },
  },
  {
    // Configuration is read in one place (lib/env.ts), validated at start.
    files: ["app/**", "components/**", "lib/**", "proxy.ts"],
    ignores: ["lib/env.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
    },
  },
  {
    files: ["**/*.{ts,tsx,js,mjs,cjs}"],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [agplTestOnly, auditPrivate] }] },
  },
  {
    files: ["**/*.{ts,tsx}"],
    ignores: [...TEST_FILES, "lib/audit/**"],
    rules: { "no-restricted-syntax": ["error", ...auditSql] },
  },
  {
    files: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [auditPrivate] }] },
  },
  {
    files: ["lib/**", "cli/**", "proxy.ts", "bench/**"],
    ignores: [...TEST_FILES, "lib/audit/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [agplTestOnly, workerOnly, auditPrivate] }] },
  },
  {
    files: ["lib/audit/**"],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [agplTestOnly, workerOnly] }] },
  },
  {
    // The data access layer is the only way to the database and AWS.
    files: ["app/**", "components/**"],
    ignores: TEST_FILES,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            agplTestOnly,
            workerOnly,
            auditPrivate,
            { group: ["@/lib/generated/*", "@prisma/*"], message: "Use the data access layer in lib/, not Prisma." },
            { group: ["@aws-sdk/*"], message: "Use lib/aws/, not the AWS SDK." },
            { group: ["@/lib/db"], message: "Use the data access layer in lib/, not the database client." },
          ],
        },
      ],
    },
  },
);
