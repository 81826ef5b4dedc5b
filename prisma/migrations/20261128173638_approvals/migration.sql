-- CreateEnum
CREATE TYPE "RequestKind" AS ENUM ('ROLE_ACCESS', 'EXTERNAL_ACCESS');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('PENDING', 'APPROVED', 'DENIED', 'EXPIRED', 'CANCELLED', 'PROVISIONING', 'PROVISIONED', 'FAILED');

-- CreateTable
CREATE TABLE "access_requests" (
    "id" TEXT NOT NULL,
    "kind" "RequestKind" NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'PENDING',
    "requester_id" TEXT NOT NULL,
    "justification" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "decided_by_id" TEXT,
    "decided_at" TIMESTAMP(3),
    "decision_comment" TEXT,
    "aws_role_id" TEXT,
    "duration_seconds" INTEGER,
    "service_name" TEXT,
    "aws_account_id" TEXT,
    "target_type" TEXT,
    "target_settings" JSONB,
    "target_token_encrypted" TEXT,
    "managed_policy_arns" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "inline_policy" JSONB,
    "owner_email" TEXT,
    "rotation_interval_days" INTEGER,
    "provisioning" JSONB,
    "integration_id" TEXT,

    CONSTRAINT "access_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "grants" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "aws_role_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "starts_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "revoked_by_id" TEXT,
    "expired_notice_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "grants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_rules" (
    "id" TEXT NOT NULL,
    "requester_group" TEXT NOT NULL,
    "kind" "RequestKind",
    "approver_groups" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_rules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "access_requests_status_expires_at_idx" ON "access_requests"("status", "expires_at");

-- CreateIndex
CREATE INDEX "access_requests_requester_id_created_at_idx" ON "access_requests"("requester_id", "created_at");

-- CreateIndex
CREATE INDEX "grants_user_id_aws_role_id_expires_at_idx" ON "grants"("user_id", "aws_role_id", "expires_at");

-- CreateIndex
CREATE INDEX "grants_expires_at_idx" ON "grants"("expires_at");

-- AddForeignKey
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_aws_role_id_fkey" FOREIGN KEY ("aws_role_id") REFERENCES "aws_roles"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_aws_account_id_fkey" FOREIGN KEY ("aws_account_id") REFERENCES "aws_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_aws_role_id_fkey" FOREIGN KEY ("aws_role_id") REFERENCES "aws_roles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "access_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Nobody decides their own request, whatever the code above does.
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_no_self_decision"
  CHECK ("decided_by_id" IS NULL OR "decided_by_id" <> "requester_id");
-- Provisioned external access and role grants always point at what they concern.
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_kind_fields" CHECK (
  ("kind" = 'ROLE_ACCESS' AND "aws_role_id" IS NOT NULL AND "duration_seconds" IS NOT NULL)
  OR ("kind" = 'EXTERNAL_ACCESS' AND "service_name" IS NOT NULL AND "aws_account_id" IS NOT NULL AND "target_type" IS NOT NULL)
);
