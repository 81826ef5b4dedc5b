-- Approver rules scoped to a role, an account or everything, naming who may request as
-- well as who approves (issue 12 §3); break-glass roles and their reviewed grants (§4).

-- Approval rules: one requester group becomes a list; existing rules keep applying to
-- everything (both scope ids null), so the demo and existing set-ups behave as before.
ALTER TABLE "approval_rules" ADD COLUMN "requester_groups" TEXT[],
ADD COLUMN     "aws_account_id" TEXT,
ADD COLUMN     "aws_role_id" TEXT,
ADD COLUMN     "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "approval_rules" SET "requester_groups" = ARRAY["requester_group"];
ALTER TABLE "approval_rules" DROP COLUMN "requester_group";
ALTER TABLE "approval_rules" ALTER COLUMN "updated_at" DROP DEFAULT;

-- A rule is for one role, or one account, or everything; it names someone on both sides.
ALTER TABLE "approval_rules" ADD CONSTRAINT "approval_rules_one_scope" CHECK ("aws_role_id" IS NULL OR "aws_account_id" IS NULL);
ALTER TABLE "approval_rules" ADD CONSTRAINT "approval_rules_groups" CHECK (
  cardinality("requester_groups") > 0 AND cardinality("approver_groups") > 0
);

-- Break-glass roles.
ALTER TABLE "aws_roles" ADD COLUMN     "break_glass" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "break_glass_max_seconds" INTEGER NOT NULL DEFAULT 3600;
-- Short by design (15 min to 4 h), and always behind a grant.
ALTER TABLE "aws_roles" ADD CONSTRAINT "aws_roles_break_glass" CHECK (
  "break_glass_max_seconds" BETWEEN 900 AND 14400 AND (NOT "break_glass" OR "requires_approval")
);

-- Break-glass grants have no request; they carry the why and the review.
ALTER TABLE "grants" ADD COLUMN     "break_glass" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "justification" TEXT,
ADD COLUMN     "review_comment" TEXT,
ADD COLUMN     "reviewed_at" TIMESTAMP(3),
ADD COLUMN     "reviewed_by_id" TEXT,
ALTER COLUMN "request_id" DROP NOT NULL;
-- A grant comes from a request, or is break-glass with its reason; nobody reviews their own.
ALTER TABLE "grants" ADD CONSTRAINT "grants_origin" CHECK (
  ("break_glass" AND "request_id" IS NULL AND "justification" IS NOT NULL) OR (NOT "break_glass" AND "request_id" IS NOT NULL)
);
ALTER TABLE "grants" ADD CONSTRAINT "grants_no_self_review" CHECK (
  "reviewed_by_id" IS NULL OR ("reviewed_by_id" <> "user_id" AND "break_glass" AND "reviewed_at" IS NOT NULL AND "review_comment" IS NOT NULL)
);

-- CreateIndex
CREATE INDEX "approval_rules_aws_role_id_idx" ON "approval_rules"("aws_role_id");

-- CreateIndex
CREATE INDEX "approval_rules_aws_account_id_idx" ON "approval_rules"("aws_account_id");

-- CreateIndex
CREATE INDEX "grants_break_glass_reviewed_at_idx" ON "grants"("break_glass", "reviewed_at");

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_rules" ADD CONSTRAINT "approval_rules_aws_role_id_fkey" FOREIGN KEY ("aws_role_id") REFERENCES "aws_roles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_rules" ADD CONSTRAINT "approval_rules_aws_account_id_fkey" FOREIGN KEY ("aws_account_id") REFERENCES "aws_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
