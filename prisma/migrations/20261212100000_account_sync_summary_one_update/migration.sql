-- The account's latest sync outcome (migration 20261212090000) in one UPDATE instead of two:
-- a success used to write the account row twice (the outcome, then the last success), two row
-- versions per account per sync, a thousand extra at 1,000 accounts. Same rules: each half
-- changes only when this row is at least as new as the one it replaces, so an older row
-- finishing late never overwrites a newer outcome. The conditions read the row being updated
-- (`a`), not a subquery's snapshot, so a concurrent writer's newer outcome is re-checked.
CREATE OR REPLACE FUNCTION keyless_account_sync_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.finished_at IS NULL OR NEW.status NOT IN ('succeeded', 'failed') THEN
    RETURN NULL;
  END IF;
  -- Every SET expression sees the row as it was before this UPDATE: the two tests agree across columns.
  UPDATE aws_accounts a SET
    last_sync_finished_at = CASE WHEN a.last_sync_finished_at IS NULL OR a.last_sync_finished_at <= NEW.finished_at
                                 THEN NEW.finished_at ELSE a.last_sync_finished_at END,
    last_sync_status      = CASE WHEN a.last_sync_finished_at IS NULL OR a.last_sync_finished_at <= NEW.finished_at
                                 THEN NEW.status ELSE a.last_sync_status END,
    last_sync_error       = CASE WHEN a.last_sync_finished_at IS NULL OR a.last_sync_finished_at <= NEW.finished_at
                                 THEN NEW.error ELSE a.last_sync_error END,
    last_synced_at        = CASE WHEN NEW.status = 'succeeded' AND (a.last_synced_at IS NULL OR a.last_synced_at <= NEW.finished_at)
                                 THEN NEW.finished_at ELSE a.last_synced_at END,
    last_synced_users     = CASE WHEN NEW.status = 'succeeded' AND (a.last_synced_at IS NULL OR a.last_synced_at <= NEW.finished_at)
                                 THEN NEW.users ELSE a.last_synced_users END
  WHERE a.id = NEW.aws_account_id
    AND (a.last_sync_finished_at IS NULL OR a.last_sync_finished_at <= NEW.finished_at
         OR (NEW.status = 'succeeded' AND (a.last_synced_at IS NULL OR a.last_synced_at <= NEW.finished_at)));
  RETURN NULL;
END
$$;
