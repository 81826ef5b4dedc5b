-- Retirement of human keys (lib/retirement): deactivate now, delete after a grace period.
CREATE TABLE "key_retirements" (
    "id" TEXT NOT NULL,
    "access_key_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "evidence" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "deactivated_at" TIMESTAMPTZ(3) NOT NULL,
    "delete_after" TIMESTAMPTZ(3) NOT NULL,
    "job_id" TEXT,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "key_retirements_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "key_retirements_access_key_id_status_idx" ON "key_retirements"("access_key_id", "status");
CREATE INDEX "key_retirements_status_finished_at_idx" ON "key_retirements"("status", "finished_at");

ALTER TABLE "key_retirements" ADD CONSTRAINT "key_retirements_access_key_id_fkey" FOREIGN KEY ("access_key_id") REFERENCES "access_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;
