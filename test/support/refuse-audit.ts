// The database refusing every new audit entry, as a full disk or a revoked grant would: a
// trigger that raises on insert into audit_events. Made by the tables' owner (the app's role may
// not), through whichever client the suite has. Used by the fail-closed tests of the integration,
// reliability and security suites; `suite` names the trigger, so one suite never drops another's.

/** Runs one statement as the tables' owner. */
export type OwnerQuery = (text: string) => Promise<unknown>;

/** The trigger and its function share one name. */
const nameOf = (suite: string) => `${suite}_refuse_audit`;

export async function refuseAuditWrites(query: OwnerQuery, suite: string): Promise<void> {
  const name = nameOf(suite);
  await query(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit storage refuses writes (${suite} test)'; END $$`);
  await query(`CREATE TRIGGER ${name} BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION ${name}()`);
}

export async function allowAuditWrites(query: OwnerQuery, suite: string): Promise<void> {
  const name = nameOf(suite);
  await query(`DROP TRIGGER IF EXISTS ${name} ON audit_events`);
  await query(`DROP FUNCTION IF EXISTS ${name}()`);
}
