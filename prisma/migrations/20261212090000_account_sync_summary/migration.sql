-- Each account's latest sync outcome, kept on the account itself. The keys page's freshness
-- line ("read from AWS 2 hours ago", the failed accounts) and the sync's biggest-first queue
-- read it for every account: looking it up in inventory_sync_accounts took two index probes
-- per account, 7 ms a page at 1,000 accounts (bench/RESULTS.md §5, seventh session); one pass
-- over aws_accounts takes well under one.
--
-- A trigger keeps it, so that every writer of inventory_sync_accounts (the worker, a retried
-- job, a test fixture) updates it in the same transaction, and an older row finishing late
-- never overwrites a newer outcome.
ALTER TABLE "aws_accounts"
  ADD COLUMN "last_sync_finished_at" TIMESTAMPTZ(3),
  ADD COLUMN "last_sync_status" TEXT,
  ADD COLUMN "last_sync_error" TEXT,
  ADD COLUMN "last_synced_at" TIMESTAMPTZ(3),
  ADD COLUMN "last_synced_users" INTEGER;

CREATE OR REPLACE FUNCTION keyless_account_sync_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.finished_at IS NULL OR NEW.status NOT IN ('succeeded', 'failed') THEN
    RETURN NULL;
  END IF;
  UPDATE aws_accounts a SET
    last_sync_finished_at = NEW.finished_at,
    last_sync_status = NEW.status,
    last_sync_error = NEW.error
  WHERE a.id = NEW.aws_account_id
    AND (a.last_sync_finished_at IS NULL OR a.last_sync_finished_at <= NEW.finished_at);
  IF NEW.status = 'succeeded' THEN
    UPDATE aws_accounts a SET last_synced_at = NEW.finished_at, last_synced_users = NEW.users
    WHERE a.id = NEW.aws_account_id
      AND (a.last_synced_at IS NULL OR a.last_synced_at <= NEW.finished_at);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER inventory_sync_accounts_summary AFTER INSERT OR UPDATE OF "status", "finished_at", "error", "users" ON "inventory_sync_accounts"
  FOR EACH ROW EXECUTE FUNCTION keyless_account_sync_summary();

-- The outcomes already recorded.
UPDATE "aws_accounts" a SET "last_sync_finished_at" = l.finished_at, "last_sync_status" = l.status, "last_sync_error" = l.error
FROM (SELECT DISTINCT ON (aws_account_id) aws_account_id, finished_at, status, error FROM inventory_sync_accounts
      WHERE finished_at IS NOT NULL AND status IN ('succeeded', 'failed') ORDER BY aws_account_id, finished_at DESC) l
WHERE l.aws_account_id = a.id;

UPDATE "aws_accounts" a SET "last_synced_at" = l.finished_at, "last_synced_users" = l.users
FROM (SELECT DISTINCT ON (aws_account_id) aws_account_id, finished_at, users FROM inventory_sync_accounts
      WHERE finished_at IS NOT NULL AND status = 'succeeded' ORDER BY aws_account_id, finished_at DESC) l
WHERE l.aws_account_id = a.id;
