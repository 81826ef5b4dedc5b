import "server-only";
import pg from "pg";
import PgBoss from "pg-boss";

// pg-boss installs itself with `CREATE SCHEMA IF NOT EXISTS`, which Postgres refuses to a
// role without CREATE on the database even when the schema is there. The app's role has
// no such right (ADR 020: a schema of its own named like the owner would sit first on the
// owner's search path); migration 20261209120000 creates the schema, owned by that role,
// and pg-boss's tables are installed into it here, once, as pg-boss itself would.
const CREATE_SCHEMA = /CREATE SCHEMA IF NOT EXISTS \w+\s*;/;

export async function installBossSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString, application_name: "keyless-boss-install" });
  await client.connect();
  try {
    const { rows } = await client.query<{ present: boolean; installed: boolean }>(
      "SELECT to_regnamespace($1) IS NOT NULL AS present, to_regclass($1 || '.version') IS NOT NULL AS installed",
      [schema],
    );
    // No schema (a single-role database, where pg-boss creates it) or already installed.
    if (!rows[0]?.present || rows[0].installed) return;
    const plans = PgBoss.getConstructionPlans(schema);
    if (!CREATE_SCHEMA.test(plans)) throw new Error("pg-boss's construction plans changed: review lib/jobs/boss-schema.ts");
    await client.query(plans.replace(CREATE_SCHEMA, "")).catch((error: unknown) => {
      // Another process installed it meanwhile (pg-boss serialises this with an advisory lock).
      if (!String(error).includes("already exists")) throw error;
    });
  } finally {
    await client.end();
  }
}
