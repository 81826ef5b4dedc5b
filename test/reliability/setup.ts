// The reliability suite runs against the sandbox that `npm run test:reliability` starts
// (scripts/test.ts): it needs that environment, and the control endpoint for Postgres.
if (!process.env.KEYLESS_TEST_CONTROL_URL || !process.env.DATABASE_URL || !process.env.KEYLESS_TEST_MOTO_URL) {
  throw new Error("Reliability tests need their sandbox: run them with `npm run test:reliability`.");
}
