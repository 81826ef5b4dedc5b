-- The keys table sorted by last use walks this index (lib/inventory/keys-sql.ts): the sort key
-- is `coalesce(last_used_at, 1970-01-01)` so that never-used keys order as the stalest and a
-- page's cursor always has a value, which the plain (last_used_at, access_key_id) index cannot
-- serve. Without it, every such page sorted all 100,000 keys: 56–68 ms at 100,000 keys, with or
-- without a state filter, and 0.2–0.4 ms with it (bench/RESULTS.md §5, fifth session). Prisma's
-- schema cannot express an index on an expression, so it lives here only (like the triggers).
CREATE INDEX "access_keys_last_used_sort_idx" ON "access_keys" ((coalesce("last_used_at", TIMESTAMPTZ '1970-01-01 00:00:00+00')), "access_key_id");
