-- Every credentials page and GET /api/v1/aws-roles read aws_roles by `allowed_groups && $1`
-- through this GIN index. With GIN's default fastupdate, new and changed roles wait in a
-- pending list that every such read scans linearly until (auto)vacuum merges it: after the
-- role sync or a seed, the index scan for 500 roles took 0.93 ms where the merged index takes
-- 0.06 ms (bench/RESULTS.md §7, fifth session). Roles change rarely and are read on every page,
-- so they go straight into the index instead; the list already pending is merged now.
ALTER INDEX "aws_roles_allowed_groups_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('"aws_roles_allowed_groups_idx"'::regclass);
