// Integration tests run against the sandbox that scripts/test.ts starts; they need its
// environment (DATABASE_URL as the app's role, MIGRATION_DATABASE_URL as the owner, the
// moto endpoint, …). Fail clearly when run without it.

if (!process.env.KEYLESS_TEST_MOTO_URL || !process.env.DATABASE_URL || !process.env.MIGRATION_DATABASE_URL) {
  throw new Error("Integration tests need the test sandbox: run them with `npm run test:integration`.");
}
