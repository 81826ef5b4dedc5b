-- Which roles a person may use is `allowed_groups && their groups`: with 1,000 accounts ×
-- 5 roles, a GIN index answers it without reading every role (lib/credentials/role-list.ts).
CREATE INDEX "aws_roles_allowed_groups_idx" ON "aws_roles" USING GIN ("allowed_groups");
