// The sandbox's two database roles (ADR 020). The URL the stack is given, or the embedded
// Postgres' superuser, owns the tables and runs migrations (MIGRATION_DATABASE_URL); the
// app and the worker connect as keyless_app (DATABASE_URL), which the migration
// 20261209120000_app_role may only append to the audit tables.
import pg from "pg";

export const APP_ROLE = "keyless_app";
// Sandbox only. Fixed rather than generated: a role belongs to the whole cluster, and the
// demo's and the tests' databases may share one (a new password would cut off the other).
const SANDBOX_APP_PASSWORD = "keyless-app";

/** The same database as `ownerUrl`, reached as the app role. */
export function appRoleUrl(ownerUrl: string): string {
  const u = new URL(ownerUrl);
  u.username = APP_ROLE;
  u.password = SANDBOX_APP_PASSWORD;
  return u.toString();
}

/**
 * Gives keyless_app a login with the sandbox password, creating the role when missing
 * (the owner needs CREATEROLE: the embedded Postgres' superuser has it), and returns its URL.
 */
export async function ensureAppLogin(ownerUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const login = `LOGIN PASSWORD ${client.escapeLiteral(SANDBOX_APP_PASSWORD)}`;
    const found = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE]);
    if (found.rowCount === 0) {
      await client.query(`CREATE ROLE ${APP_ROLE} ${login}`).catch((err: { code?: string }) => {
        if (err.code !== "42710") throw err; // created concurrently by another stack: fine
      });
    }
    await client.query(`ALTER ROLE ${APP_ROLE} ${login}`);
  } finally {
    await client.end();
  }
  return appRoleUrl(ownerUrl);
}
