-- CreateEnum
CREATE TYPE "AccessKeyStatus" AS ENUM ('ACTIVE', 'INACTIVE');

-- AlterTable
ALTER TABLE "aws_accounts" ADD COLUMN     "inventory_role_arn" TEXT;

-- CreateTable
CREATE TABLE "iam_users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "aws_account_id" TEXT NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "user_name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "tags" JSONB NOT NULL DEFAULT '{}',
    "owner" TEXT,
    "team" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "iam_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "access_key_id" TEXT NOT NULL,
    "aws_account_id" TEXT NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "iam_user_id" UUID NOT NULL,
    "user_name" TEXT NOT NULL,
    "status" "AccessKeyStatus" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "last_used_service" TEXT,
    "last_used_region" TEXT,
    "owner" TEXT,
    "team" TEXT,
    "integration_id" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "access_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_key_events" (
    "id" BIGSERIAL NOT NULL,
    "access_key_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "from" TEXT,
    "to" TEXT,

    CONSTRAINT "access_key_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_syncs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "trigger" TEXT NOT NULL,
    "requested_by_id" TEXT,
    "requested_by" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "accounts_total" INTEGER NOT NULL DEFAULT 0,
    "accounts_done" INTEGER NOT NULL DEFAULT 0,
    "accounts_failed" INTEGER NOT NULL DEFAULT 0,
    "users" INTEGER NOT NULL DEFAULT 0,
    "keys" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "inventory_syncs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_sync_accounts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "sync_id" UUID NOT NULL,
    "aws_account_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "users" INTEGER NOT NULL DEFAULT 0,
    "keys" INTEGER NOT NULL DEFAULT 0,
    "aws_calls" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "warning" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "inventory_sync_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "iam_users_aws_account_id_user_name_key" ON "iam_users"("aws_account_id", "user_name");

-- CreateIndex
CREATE UNIQUE INDEX "access_keys_access_key_id_key" ON "access_keys"("access_key_id");

-- CreateIndex
CREATE INDEX "access_keys_created_at_access_key_id_idx" ON "access_keys"("created_at", "access_key_id");

-- CreateIndex
CREATE INDEX "access_keys_last_used_at_access_key_id_idx" ON "access_keys"("last_used_at", "access_key_id");

-- CreateIndex
CREATE INDEX "access_keys_user_name_access_key_id_idx" ON "access_keys"("user_name", "access_key_id");

-- CreateIndex
CREATE INDEX "access_keys_account_id_access_key_id_idx" ON "access_keys"("account_id", "access_key_id");

-- CreateIndex
CREATE INDEX "access_keys_owner_created_at_idx" ON "access_keys"("owner", "created_at");

-- CreateIndex
CREATE INDEX "access_keys_aws_account_id_idx" ON "access_keys"("aws_account_id");

-- CreateIndex
CREATE INDEX "access_keys_iam_user_id_idx" ON "access_keys"("iam_user_id");

-- CreateIndex
CREATE INDEX "access_keys_integration_id_idx" ON "access_keys"("integration_id");

-- CreateIndex
CREATE INDEX "access_key_events_access_key_id_at_idx" ON "access_key_events"("access_key_id", "at");

-- CreateIndex
CREATE INDEX "inventory_syncs_created_at_idx" ON "inventory_syncs"("created_at");

-- CreateIndex
CREATE INDEX "inventory_sync_accounts_aws_account_id_finished_at_idx" ON "inventory_sync_accounts"("aws_account_id", "finished_at");

-- CreateIndex
CREATE UNIQUE INDEX "inventory_sync_accounts_sync_id_aws_account_id_key" ON "inventory_sync_accounts"("sync_id", "aws_account_id");

-- AddForeignKey
ALTER TABLE "iam_users" ADD CONSTRAINT "iam_users_aws_account_id_fkey" FOREIGN KEY ("aws_account_id") REFERENCES "aws_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_keys" ADD CONSTRAINT "access_keys_aws_account_id_fkey" FOREIGN KEY ("aws_account_id") REFERENCES "aws_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_keys" ADD CONSTRAINT "access_keys_iam_user_id_fkey" FOREIGN KEY ("iam_user_id") REFERENCES "iam_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_key_events" ADD CONSTRAINT "access_key_events_access_key_id_fkey" FOREIGN KEY ("access_key_id") REFERENCES "access_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_sync_accounts" ADD CONSTRAINT "inventory_sync_accounts_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "inventory_syncs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_sync_accounts" ADD CONSTRAINT "inventory_sync_accounts_aws_account_id_fkey" FOREIGN KEY ("aws_account_id") REFERENCES "aws_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every sync rewrites each key and user row it sees (last_seen_at). Free room in each page
-- lets those updates stay on the page (HOT) instead of adding an entry to every index.
ALTER TABLE "access_keys" SET (fillfactor = 80);
ALTER TABLE "iam_users" SET (fillfactor = 80);
