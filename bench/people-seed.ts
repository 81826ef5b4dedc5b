// The people benchmark's organisation, written straight to Postgres in a few set-based
// statements (seconds, not 16,000 round trips): 1,000 accounts × 5 roles, 10,000 people in
// 200 team groups (as SCIM would leave them: scim_groups, members, users.groups), approval
// rules per account, and one person whose groups ("sre", "data") reach 500 of the roles.
import pg from "pg";

export const ACCOUNTS = 1000;
export const PEOPLE = 10_000;
export const TEAMS = 200;
/** The 500-role person's groups: "sre" maps the first three roles, "data" the other two, in every 10th account. */
export const WIDE_GROUPS = ["sre", "data"];
export const WIDE_ROLES = (ACCOUNTS / 10) * 5;
/** Live Admin grants the 500-role person holds (Admin requires approval): break-glass activations. */
export const WIDE_GRANTS = 10;

const ROLES = `(VALUES (1, 'ReadOnly', 'Read-only access to every service', 43200, 'sre'),
  (2, 'Developer', 'Deploy and debug workloads', 14400, 'sre'),
  (3, 'Admin', 'Full access, time-bound', 3600, 'sre'),
  (4, 'DataEngineer', 'Glue, Athena and the data lake', 28800, 'data'),
  (5, 'BillingViewer', 'Cost Explorer and invoices', 3600, 'data')) AS r(n, name, descr, max_s, wide)`;

export async function seedPeople(db: pg.Pool): Promise<void> {
  await db.query(`INSERT INTO aws_accounts (id, account_id, name, updated_at)
    SELECT 'bacct-' || i, (600000000000 + i)::text,
           (ARRAY['payments','search','data-lake','identity','edge','billing','ml','mobile'])[1 + i % 8]
             || '-' || (ARRAY['prod','staging','dev'])[1 + i % 3] || '-' || lpad(i::text, 4, '0'), now()
    FROM generate_series(1, ${ACCOUNTS}) AS i`);
  await db.query(`INSERT INTO aws_roles (id, aws_account_id, role_name, role_arn, description, max_duration_seconds,
                                         requires_approval, allowed_groups, updated_at)
    SELECT 'brole-' || i || '-' || r.n, 'bacct-' || i, r.name, 'arn:aws:iam::' || (600000000000 + i) || ':role/' || r.name,
           r.descr, r.max_s, r.name = 'Admin',
           ARRAY['team-' || (i % ${TEAMS})] || CASE WHEN i % 10 = 0 THEN ARRAY[r.wide] ELSE ARRAY[]::text[] END, now()
    FROM generate_series(1, ${ACCOUNTS}) AS i CROSS JOIN ${ROLES}`);
  await db.query(`INSERT INTO users (id, email, name, groups, updated_at, groups_checked_at, source)
    SELECT 'buser-' || i, 'person' || i || '@bench.example', 'Person ' || i,
           ARRAY['team-' || (i % ${TEAMS})] || CASE WHEN i % 50 = 0 THEN ARRAY['sre'] ELSE ARRAY[]::text[] END, now(), now(), 'scim'
    FROM generate_series(1, ${PEOPLE}) AS i`);
  await db.query(
    `INSERT INTO scim_groups (id, display_name, updated_at)
    SELECT gen_random_uuid(), g, now() FROM (SELECT 'team-' || t AS g FROM generate_series(0, ${TEAMS - 1}) t UNION ALL SELECT unnest($1::text[])) x`,
    [WIDE_GROUPS],
  );
  await db.query(`INSERT INTO scim_group_members (group_id, user_id)
    SELECT g.id, u.id FROM users u CROSS JOIN LATERAL unnest(u.groups) AS m(name) JOIN scim_groups g ON g.display_name = m.name
    WHERE u.id LIKE 'buser-%'`);
  // Requests for an account's Admin role come from its team and are approved by "managers".
  await db.query(`INSERT INTO approval_rules (id, aws_account_id, requester_groups, approver_groups, updated_at)
    SELECT 'brule-' || i, 'bacct-' || i, ARRAY['team-' || (i % ${TEAMS}), 'sre'], ARRAY['managers'], now()
    FROM generate_series(1, ${ACCOUNTS}) AS i`);
}

/** The 500-role person's grants on the first WIDE_GRANTS Admin roles they see. */
export async function grantAdmin(db: pg.Pool, userId: string): Promise<void> {
  await db.query(
    `INSERT INTO grants (id, user_id, aws_role_id, expires_at, break_glass, justification, updated_at)
     SELECT 'bgrant-' || i, $1, 'brole-' || (i * 10) || '-3', now() + interval '4 hours', true, 'bench', now()
       FROM generate_series(1, ${WIDE_GRANTS}) AS i`,
    [userId],
  );
}

/**
 * Fresh statistics, as autovacuum would have them after a while. As the owner: an ANALYZE by
 * the app's role skips tables it does not own with only a warning, which left the first runs'
 * plans on default estimates (40 roles expected where there are 500).
 */
export async function analyzeAsOwner(ownerUrl: string): Promise<void> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query("ANALYZE aws_accounts, aws_roles, users, scim_groups, scim_group_members, approval_rules, grants");
  } finally {
    await owner.end();
  }
}
