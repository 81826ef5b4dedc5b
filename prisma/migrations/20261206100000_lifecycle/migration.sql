-- CreateEnum
CREATE TYPE "PersonStatus" AS ENUM ('active', 'suspended', 'deprovisioned');

-- CreateEnum
CREATE TYPE "SuspendedBy" AS ENUM ('admin', 'scim', 'idp');

-- CreateEnum
CREATE TYPE "IdentitySource" AS ENUM ('sso', 'scim');

-- AlterTable
ALTER TABLE "auth_accounts" ADD COLUMN     "refresh_token_encrypted" TEXT;

-- AlterTable
ALTER TABLE "integrations" ADD COLUMN     "owner_needs_replacement_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "groups_check_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "groups_checked_at" TIMESTAMPTZ(3),
ADD COLUMN     "source" "IdentitySource" NOT NULL DEFAULT 'sso',
ADD COLUMN     "status" "PersonStatus" NOT NULL DEFAULT 'active',
ADD COLUMN     "suspended_at" TIMESTAMPTZ(3),
ADD COLUMN     "suspended_by" "SuspendedBy",
ADD COLUMN     "suspended_reason" TEXT;

-- CreateTable
CREATE TABLE "scim_groups" (
    "id" UUID NOT NULL,
    "display_name" TEXT NOT NULL,
    "external_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scim_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scim_group_members" (
    "group_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,

    CONSTRAINT "scim_group_members_pkey" PRIMARY KEY ("group_id","user_id")
);

-- CreateTable
CREATE TABLE "aws_sessions" (
    "id" BIGSERIAL NOT NULL,
    "user_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role_arn" TEXT NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "access_key_id" TEXT,
    "kind" TEXT NOT NULL,
    "via" TEXT,
    "issued_at" TIMESTAMPTZ(6) NOT NULL,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "revoked_at" TIMESTAMPTZ(6),
    "audit_event_id" BIGINT NOT NULL,

    CONSTRAINT "aws_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "aws_session_revocations" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "source_identity" TEXT NOT NULL,
    "role_arn" TEXT NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "revoked_before" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "applied_at" TIMESTAMPTZ(3),
    "cleared_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "aws_session_revocations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "scim_groups_display_name_key" ON "scim_groups"("display_name");

-- CreateIndex
CREATE UNIQUE INDEX "scim_groups_external_id_key" ON "scim_groups"("external_id");

-- CreateIndex
CREATE INDEX "scim_group_members_user_id_idx" ON "scim_group_members"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "aws_sessions_audit_event_id_key" ON "aws_sessions"("audit_event_id");

-- CreateIndex
CREATE INDEX "aws_sessions_user_id_issued_at_idx" ON "aws_sessions"("user_id", "issued_at");

-- CreateIndex
CREATE INDEX "aws_sessions_role_arn_expires_at_idx" ON "aws_sessions"("role_arn", "expires_at");

-- CreateIndex
CREATE INDEX "aws_session_revocations_role_arn_expires_at_idx" ON "aws_session_revocations"("role_arn", "expires_at");

-- CreateIndex
CREATE INDEX "aws_session_revocations_expires_at_cleared_at_idx" ON "aws_session_revocations"("expires_at", "cleared_at");

-- CreateIndex
CREATE INDEX "aws_session_revocations_user_id_created_at_idx" ON "aws_session_revocations"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "users_external_id_key" ON "users"("external_id");

-- AddForeignKey
ALTER TABLE "scim_group_members" ADD CONSTRAINT "scim_group_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "scim_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scim_group_members" ADD CONSTRAINT "scim_group_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "aws_sessions" ADD CONSTRAINT "aws_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "aws_session_revocations" ADD CONSTRAINT "aws_session_revocations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Issued STS sessions, derived from the audit log: every successful issuance's entry adds
-- a row (the audit log stays the one record of it). Also the last guard before credentials
-- leave the server: a person whose access ended while their request was in flight gets
-- nothing, because the audit write (which the handout waits for) fails with KL403.
CREATE FUNCTION keyless_audit_aws_session() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  person_status "PersonStatus";
BEGIN
  SELECT status INTO person_status FROM users WHERE id = NEW.actor_id;
  IF person_status IS DISTINCT FROM 'active' THEN
    RAISE EXCEPTION 'access for % has ended: no AWS session may be handed out', NEW.actor_email USING ERRCODE = 'KL403';
  END IF;
  INSERT INTO aws_sessions (user_id, email, role_arn, account_id, access_key_id, kind, via, issued_at, expires_at, audit_event_id)
  VALUES (
    NEW.actor_id,
    coalesce(NEW.actor_email, ''),
    NEW.target_id,
    coalesce(NEW.details->>'accountId', substring(NEW.target_id from 'arn:aws[a-z-]*:iam::([0-9]{12}):')),
    NEW.details->>'temporaryAccessKeyId',
    NEW.action,
    NEW.details->>'via',
    NEW.at,
    NEW.at + make_interval(secs => coalesce((NEW.details->>'durationSeconds')::int, 43200)),
    NEW.id
  );
  RETURN NULL;
END $$;

CREATE TRIGGER audit_events_aws_session AFTER INSERT ON audit_events
  FOR EACH ROW
  WHEN (NEW.action IN ('credentials.issue', 'console.open') AND NEW.outcome = 'success' AND NEW.actor_id IS NOT NULL AND NEW.target_id IS NOT NULL)
  EXECUTE FUNCTION keyless_audit_aws_session();

-- People already signed in have had their groups confirmed at that sign-in.
UPDATE users SET groups_checked_at = last_sign_in_at WHERE last_sign_in_at IS NOT NULL;
