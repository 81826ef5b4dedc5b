-- Two database roles (ADR 020, docs/deploy.md §3). Migrations run as the owner of the
-- tables (MIGRATION_DATABASE_URL); the app and the worker connect as keyless_app
-- (DATABASE_URL), which may read and write the app's tables but only SELECT and INSERT on
-- the audit tables, and, not owning them, cannot ALTER them, disable their triggers or
-- TRUNCATE them. Idempotent: roles are cluster-wide, and several databases may share one.

-- The role, without a login: an administrator gives it one (ALTER ROLE keyless_app LOGIN
-- PASSWORD …) or grants it to the login the app uses. It must never hold the owner's powers.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keyless_app') THEN
    BEGIN
      CREATE ROLE keyless_app NOLOGIN;
    EXCEPTION
      WHEN duplicate_object THEN NULL; -- another database of the cluster created it just now
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'the role keyless_app does not exist and % may not create it', current_user
          USING HINT = format('As an administrator: CREATE ROLE keyless_app LOGIN PASSWORD ''…''; GRANT keyless_app TO %I;', current_user);
    END;
  END IF;
  IF current_user = 'keyless_app' THEN
    RAISE EXCEPTION 'migrations must run as the owner of the tables, not as keyless_app'
      USING HINT = 'Set MIGRATION_DATABASE_URL to the owner''s connection string.';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keyless_app' AND (rolsuper OR rolbypassrls OR rolcreaterole OR rolreplication))
     OR pg_has_role('keyless_app', (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_events'), 'MEMBER') THEN
    RAISE EXCEPTION 'keyless_app is a superuser, may create roles or replicate, or is a member of the tables'' owner: it could rewrite the audit log';
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO keyless_app;

-- Every table, today's and those later migrations (run by this same owner) create.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO keyless_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO keyless_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO keyless_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO keyless_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO keyless_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO keyless_app;
-- Prisma's record of applied migrations is the owner's business (absent where Prisma
-- replays migrations into a scratch database to compare them with the schema).
DO $$
BEGIN
  IF to_regclass('public._prisma_migrations') IS NOT NULL THEN
    REVOKE ALL ON TABLE public._prisma_migrations FROM keyless_app;
  END IF;
END $$;

-- The audit tables, by one rule: every table named audit_* (audit_events and its companions)
-- is append-only for the app. A migration that adds one calls this function after creating
-- it, since the default privileges above would grant it UPDATE and DELETE
-- (test/integration/db-roles.test.ts fails when one is left writable).
CREATE OR REPLACE FUNCTION keyless_restrict_audit_tables() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'audit\_%' LOOP
    EXECUTE format('REVOKE ALL ON TABLE public.%I FROM keyless_app', t);
    EXECUTE format('GRANT SELECT, INSERT ON TABLE public.%I TO keyless_app', t);
  END LOOP;
END $$;
REVOKE EXECUTE ON FUNCTION keyless_restrict_audit_tables() FROM PUBLIC, keyless_app;
SELECT keyless_restrict_audit_tables();

-- pg-boss (the job queue) creates its own tables at run time, as the app: a queue is a
-- partition it attaches to pgboss.job, which only the owner of that table may do. So the
-- app owns that schema and nothing else. A database that already has one (made when the app
-- ran as the owner) hands it over, with everything in it, jobs included.
DO $$
DECLARE
  obj record;
BEGIN
  IF NOT pg_has_role(current_user, 'keyless_app', 'MEMBER') THEN
    BEGIN
      EXECUTE format('GRANT keyless_app TO %I', current_user); -- to give it objects
    EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
      RAISE EXCEPTION '% must be a member of keyless_app to give it the job queue''s schema', current_user
        USING HINT = format('As an administrator: GRANT keyless_app TO %I;', current_user);
    END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss') THEN
    CREATE SCHEMA pgboss AUTHORIZATION keyless_app;
    RETURN;
  END IF;
  ALTER SCHEMA pgboss OWNER TO keyless_app;
  -- Tables and views (ALTER TABLE also hands over the sequences their columns own).
  FOR obj IN SELECT c.relname FROM pg_class c
      WHERE c.relnamespace = 'pgboss'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm') LOOP
    EXECUTE format('ALTER TABLE pgboss.%I OWNER TO keyless_app', obj.relname);
  END LOOP;
  FOR obj IN SELECT c.relname FROM pg_class c
      WHERE c.relnamespace = 'pgboss'::regnamespace AND c.relkind = 'S'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
    EXECUTE format('ALTER SEQUENCE pgboss.%I OWNER TO keyless_app', obj.relname);
  END LOOP;
  FOR obj IN SELECT p.oid::regprocedure AS signature FROM pg_proc p WHERE p.pronamespace = 'pgboss'::regnamespace LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO keyless_app', obj.signature);
  END LOOP;
  FOR obj IN SELECT t.typname FROM pg_type t
      WHERE t.typnamespace = 'pgboss'::regnamespace AND t.typtype IN ('e', 'c', 'd') AND t.typrelid = 0 LOOP
    EXECUTE format('ALTER TYPE pgboss.%I OWNER TO keyless_app', obj.typname);
  END LOOP;
END $$;
