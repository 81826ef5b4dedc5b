-- The keys page filtered to one account, in its default order (oldest first): without this,
-- Postgres walks the created_at index over every account's keys, filtering (27 ms for the
-- largest of 1,000 accounts at 100,000 keys); with it, it reads the account's first page.
CREATE INDEX "access_keys_account_id_created_at_access_key_id_idx" ON "access_keys"("account_id", "created_at", "access_key_id");
