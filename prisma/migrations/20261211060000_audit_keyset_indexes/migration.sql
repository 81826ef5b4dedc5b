-- The audit log at 10 million rows (issue 16, bench/audit.ts): one (x, id) index per filter,
-- so each filtered page is an index range walked newest-first that stops after a page
-- (keyset on id: the chain trigger takes ids and sets `at` under one lock, so id order is
-- time order). The (x, at) indexes ordered by time could not serve the id keyset. (at, id)
-- maps a time range to an id range. Plans before and after: bench/RESULTS.md.

-- DropIndex
DROP INDEX "audit_events_at_idx";

-- DropIndex
DROP INDEX "audit_events_actor_email_at_idx";

-- DropIndex
DROP INDEX "audit_events_action_at_idx";

-- CreateIndex
CREATE INDEX "audit_events_at_id_idx" ON "audit_events"("at", "id");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_id_idx" ON "audit_events"("actor_id", "id");

-- CreateIndex
CREATE INDEX "audit_events_actor_email_id_idx" ON "audit_events"("actor_email", "id");

-- CreateIndex
CREATE INDEX "audit_events_action_id_idx" ON "audit_events"("action", "id");

-- CreateIndex
CREATE INDEX "audit_events_target_id_id_idx" ON "audit_events"("target_id", "id");
