-- CreateEnum
CREATE TYPE "DeliveryMode" AS ENUM ('ASSUME_ROLE', 'WEB_IDENTITY');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('success', 'denied', 'failure');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "image" TEXT,
    "email_verified" TIMESTAMP(3),
    "groups" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "last_sign_in_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_accounts" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_account_id" TEXT NOT NULL,
    "id_token_encrypted" TEXT,
    "id_token_expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "auth_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "session_token_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "aws_accounts" (
    "id" TEXT NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "aws_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "aws_roles" (
    "id" TEXT NOT NULL,
    "aws_account_id" TEXT NOT NULL,
    "role_name" TEXT NOT NULL,
    "role_arn" TEXT NOT NULL,
    "description" TEXT,
    "max_duration_seconds" INTEGER NOT NULL DEFAULT 3600,
    "requires_approval" BOOLEAN NOT NULL DEFAULT false,
    "allowed_groups" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "delivery_mode" "DeliveryMode" NOT NULL DEFAULT 'ASSUME_ROLE',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "aws_roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "actor_email" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "outcome" "AuditOutcome" NOT NULL,
    "ip" TEXT,
    "user_agent" TEXT,
    "request_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "prev_hash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "auth_accounts_user_id_idx" ON "auth_accounts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "auth_accounts_provider_provider_account_id_key" ON "auth_accounts"("provider", "provider_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_session_token_hash_key" ON "sessions"("session_token_hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "aws_accounts_account_id_key" ON "aws_accounts"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "aws_roles_role_arn_key" ON "aws_roles"("role_arn");

-- CreateIndex
CREATE INDEX "aws_roles_aws_account_id_idx" ON "aws_roles"("aws_account_id");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- CreateIndex
CREATE INDEX "audit_events_actor_email_at_idx" ON "audit_events"("actor_email", "at");

-- CreateIndex
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at");

-- AddForeignKey
ALTER TABLE "auth_accounts" ADD CONSTRAINT "auth_accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "aws_roles" ADD CONSTRAINT "aws_roles_aws_account_id_fkey" FOREIGN KEY ("aws_account_id") REFERENCES "aws_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ── Audit log: append-only and tamper-evident ───────────────────────────────────────────
-- Each entry's hash covers its content and the previous entry's hash. Appends are
-- serialised with an advisory lock and ids are taken under it, so id order is chain order.

CREATE FUNCTION keyless_audit_digest(e audit_events) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    e.prev_hash, e.id::text, ((extract(epoch FROM e.at) * 1000000)::bigint)::text,
    coalesce(e.actor_id, ''), coalesce(e.actor_email, ''), e.action,
    coalesce(e.target_type, ''), coalesce(e.target_id, ''), e.outcome::text,
    coalesce(e.ip, ''), coalesce(e.user_agent, ''), coalesce(e.request_id, ''),
    e.details::text), 'UTF8')), 'hex')
$$;

CREATE FUNCTION keyless_audit_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7263540912);
  NEW.id := nextval(pg_get_serial_sequence('audit_events', 'id'));
  NEW.at := clock_timestamp();
  SELECT hash INTO NEW.prev_hash FROM audit_events ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := coalesce(NEW.prev_hash, '');
  NEW.hash := keyless_audit_digest(NEW);
  RETURN NEW;
END $$;

CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION keyless_audit_chain();

CREATE FUNCTION keyless_audit_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION keyless_audit_immutable();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION keyless_audit_immutable();

-- Walks the chain in order; returns how many entries were checked and the first whose
-- stored hash or link does not match (NULL when the chain is intact).
CREATE FUNCTION keyless_audit_verify(OUT checked bigint, OUT first_bad_id bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  e audit_events;
  prev text := '';
BEGIN
  checked := 0;
  first_bad_id := NULL;
  FOR e IN SELECT * FROM audit_events ORDER BY id LOOP
    checked := checked + 1;
    IF e.prev_hash <> prev OR e.hash <> keyless_audit_digest(e) THEN
      first_bad_id := e.id;
      RETURN;
    END IF;
    prev := e.hash;
  END LOOP;
END $$;
