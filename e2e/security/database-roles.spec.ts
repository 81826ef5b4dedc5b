import { expect, test } from "@playwright/test";
import pg from "pg";
import { query } from "./support/db";

// The app and the worker connect as a role of their own (DATABASE_URL, ADR 020), not as the
// owner of the tables (MIGRATION_DATABASE_URL): whoever takes over the app may append to the
// audit log and read it, but not rewrite, empty or unguard it. Each attempt below is made
// as that role, inside a transaction rolled back afterwards, and must be refused by
// Postgres' privileges (SQLSTATE 42501), before the tables' own append-only triggers are
// even reached. That the app still works as that role is the rest of the suite.

/** Every audit table, by the rule the migration applies (20261209120000_app_role). */
async function auditTables(): Promise<string[]> {
  const rows = await query<{ name: string }>(
    String.raw`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'audit\_%' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

let app: pg.Client;
test.beforeAll(async () => {
  app = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await app.connect();
});
test.afterAll(async () => {
  await app.end();
});

/** Runs `sql` as the app's role and rolls back; resolves to the refusal, or "allowed". */
async function attempt(sql: string): Promise<string> {
  await app.query("BEGIN");
  try {
    await app.query(sql);
    return "allowed";
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return `${code ?? "?"} ${message}`;
  } finally {
    await app.query("ROLLBACK");
  }
}

test("the app's role is neither a superuser nor the owner of the tables", async () => {
  const [me] = (
    await app.query<{ me: string; sup: boolean; owner: string }>(
      `SELECT current_user AS me, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS sup,
            (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_events') AS owner`,
    )
  ).rows;
  expect(me?.sup).toBe(false);
  expect(me?.me).not.toBe(me?.owner);
  const [member] = (await app.query<{ m: boolean }>("SELECT pg_has_role(current_user, $1, 'MEMBER') AS m", [me?.owner])).rows;
  expect(member?.m).toBe(false);
});

test("the app's role cannot rewrite, empty or unguard any audit table", async () => {
  const tables = await auditTables();
  expect(tables).toContain("audit_events");
  const before = await query<{ n: string; head: string }>("SELECT count(*)::text AS n, max(hash) AS head FROM audit_events");
  for (const t of tables) {
    const [column] = await query<{ name: string }>(
      "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position LIMIT 1",
      [t],
    );
    const attempts = [
      `UPDATE ${t} SET ${column?.name} = ${column?.name}`,
      `DELETE FROM ${t}`,
      `TRUNCATE ${t}`,
      `ALTER TABLE ${t} DISABLE TRIGGER ALL`,
      `ALTER TABLE ${t} DISABLE TRIGGER USER`,
      `ALTER TABLE ${t} ADD COLUMN forged text`,
      `DROP TABLE ${t}`,
    ];
    for (const sql of attempts) {
      const outcome = await attempt(sql);
      expect(outcome, sql).toMatch(/^42501 (permission denied|must be owner)/);
    }
    // It may still append and read: what the app does with it.
    const privileges = await app.query<{ ins: boolean; sel: boolean }>(
      "SELECT has_table_privilege(current_user, $1, 'INSERT') AS ins, has_table_privilege(current_user, $1, 'SELECT') AS sel",
      [t],
    );
    expect(privileges.rows[0], t).toEqual({ ins: true, sel: true });
  }
  for (const trigger of await query<{ name: string }>(
    "SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal",
  )) {
    expect(await attempt(`DROP TRIGGER ${trigger.name} ON audit_events`)).toMatch(/^42501 must be owner/);
  }
  expect(await query("SELECT count(*)::text AS n, max(hash) AS head FROM audit_events")).toEqual(before);
});

test("the app's role cannot switch triggers off for its session or become another role", async () => {
  expect(await attempt("SET session_replication_role = replica")).toMatch(/^42501 permission denied to set parameter/);
  expect(await attempt("SET LOCAL session_replication_role = replica")).toMatch(/^42501 permission denied to set parameter/);
  const [owner] = await query<{ name: string }>("SELECT tableowner AS name FROM pg_tables WHERE tablename = 'audit_events'");
  expect(await attempt(`SET ROLE ${app.escapeIdentifier(owner?.name ?? "")}`)).toMatch(/^42501 permission denied to set role/);
  // No schema of its own to put ahead of the owner's search path.
  expect(await attempt("CREATE SCHEMA forged")).toMatch(/^42501 permission denied for database/);
});

test("every other table is the app's to read and write, and the job queue's schema is its own", async () => {
  const { rows } = await app.query<{ name: string; rw: boolean; truncate: boolean }>(
    String.raw`SELECT tablename AS name,
       has_table_privilege(current_user, format('public.%I', tablename), 'SELECT, INSERT, UPDATE, DELETE') AS rw,
       has_table_privilege(current_user, format('public.%I', tablename), 'TRUNCATE') AS truncate
     FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'audit\_%' AND tablename <> '_prisma_migrations'`,
  );
  expect(rows.length).toBeGreaterThan(20);
  expect(rows.filter((r) => !r.rw || r.truncate).map((r) => r.name)).toEqual([]);
  const [boss] = (
    await app.query<{ owner: string; me: string }>(
      "SELECT pg_get_userbyid(nspowner) AS owner, current_user AS me FROM pg_namespace WHERE nspname = 'pgboss'",
    )
  ).rows;
  expect(boss?.owner).toBe(boss?.me);
});
