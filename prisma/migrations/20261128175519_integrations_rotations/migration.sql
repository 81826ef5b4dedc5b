-- CreateEnum
CREATE TYPE "RotationStatus" AS ENUM ('running', 'waiting', 'succeeded', 'failed', 'rolled_back');

-- CreateEnum
CREATE TYPE "RotationTrigger" AS ENUM ('manual', 'scheduled', 'overdue', 'provisioning');

-- CreateEnum
CREATE TYPE "RotationStepStatus" AS ENUM ('started', 'done', 'failed', 'skipped');

-- CreateTable
CREATE TABLE "integrations" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aws_account_id" TEXT NOT NULL,
    "iam_user_name" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_settings" JSONB NOT NULL,
    "target_token_encrypted" TEXT,
    "target_token_set_at" TIMESTAMP(3),
    "rotation_interval_days" INTEGER NOT NULL,
    "grace_seconds" INTEGER NOT NULL,
    "owner_email" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_rotated_at" TIMESTAMP(3),
    "next_rotation_at" TIMESTAMP(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rotations" (
    "id" TEXT NOT NULL,
    "integration_id" TEXT NOT NULL,
    "trigger" "RotationTrigger" NOT NULL,
    "requested_by" TEXT NOT NULL,
    "status" "RotationStatus" NOT NULL DEFAULT 'running',
    "step" TEXT NOT NULL DEFAULT 'check',
    "in_flight" TEXT,
    "old_access_key_id" TEXT,
    "new_access_key_id" TEXT,
    "pushed_at" TIMESTAMP(3),
    "deactivated_at" TIMESTAMP(3),
    "grace_until" TIMESTAMP(3),
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "warning" TEXT,
    "job_id" TEXT,
    "alerted_at" TIMESTAMP(3),
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rotations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rotation_steps" (
    "id" BIGSERIAL NOT NULL,
    "rotation_id" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "status" "RotationStepStatus" NOT NULL,
    "detail" TEXT,
    "error" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rotation_steps_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "integrations_name_key" ON "integrations"("name");

-- CreateIndex
CREATE INDEX "integrations_enabled_next_rotation_at_idx" ON "integrations"("enabled", "next_rotation_at");

-- CreateIndex
CREATE UNIQUE INDEX "integrations_aws_account_id_iam_user_name_key" ON "integrations"("aws_account_id", "iam_user_name");

-- CreateIndex
CREATE INDEX "rotations_integration_id_started_at_idx" ON "rotations"("integration_id", "started_at");

-- CreateIndex
CREATE INDEX "rotations_status_idx" ON "rotations"("status");

-- CreateIndex
CREATE INDEX "rotation_steps_rotation_id_id_idx" ON "rotation_steps"("rotation_id", "id");

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_aws_account_id_fkey" FOREIGN KEY ("aws_account_id") REFERENCES "aws_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rotations" ADD CONSTRAINT "rotations_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rotation_steps" ADD CONSTRAINT "rotation_steps_rotation_id_fkey" FOREIGN KEY ("rotation_id") REFERENCES "rotations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one rotation per integration is running or waiting: a second concurrent start
-- fails on this index and is answered with the rotation already under way.
CREATE UNIQUE INDEX "rotations_one_active_per_integration" ON "rotations"("integration_id") WHERE "status" IN ('running', 'waiting');
