-- The keyed seal on the audit chain (ADR 017). The app computes each entry's MAC,
-- HMAC-SHA256(KEYLESS_AUDIT_HMAC_KEY, hash), and writes it here in the transaction that
-- wrote the entry: the key never reaches the database, so an owner who rewrites entries and
-- recomputes the SHA chain cannot recompute their MACs. Entries written before the key was
-- configured have no MAC ("unsealed before …"). Append-only, like audit_events.

-- CreateTable
CREATE TABLE "audit_macs" (
    "event_id" BIGINT NOT NULL,
    "mac" TEXT NOT NULL,

    CONSTRAINT "audit_macs_pkey" PRIMARY KEY ("event_id")
);

-- The verify job's results: the page shows the last one, and the next run checks that the
-- sealed part of the chain did not shrink since (each row carries its own MAC).
-- CreateTable
CREATE TABLE "audit_verifications" (
    "id" BIGSERIAL NOT NULL,
    "verified_at" TIMESTAMPTZ(6) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "head" JSONB NOT NULL,
    "mac" TEXT NOT NULL,

    CONSTRAINT "audit_verifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_verifications_verified_at_idx" ON "audit_verifications"("verified_at");

-- AddForeignKey
ALTER TABLE "audit_macs" ADD CONSTRAINT "audit_macs_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "audit_events"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

CREATE FUNCTION keyless_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_macs_no_update_delete BEFORE UPDATE OR DELETE ON audit_macs
  FOR EACH ROW EXECUTE FUNCTION keyless_append_only();
CREATE TRIGGER audit_macs_no_truncate BEFORE TRUNCATE ON audit_macs
  FOR EACH STATEMENT EXECUTE FUNCTION keyless_append_only();
CREATE TRIGGER audit_verifications_no_update_delete BEFORE UPDATE OR DELETE ON audit_verifications
  FOR EACH ROW EXECUTE FUNCTION keyless_append_only();
CREATE TRIGGER audit_verifications_no_truncate BEFORE TRUNCATE ON audit_verifications
  FOR EACH STATEMENT EXECUTE FUNCTION keyless_append_only();
