// Rows the page benchmarks need that a sync would take too long to make, written straight to
// Postgres in a few set-based statements: another account's 10,000 keys, an organisation of
// 1,000 accounts holding 100,000 keys, and a signed-in admin's session cookie.
import { randomBytes } from "node:crypto";
import { db } from "../lib/db";
import { sha256Hex } from "../lib/crypto";

export async function addKeysDirectly(accountId: string, keys: number): Promise<void> {
  const account = await db().awsAccount.create({ data: { accountId, name: "Bench 2" }, select: { id: true } });
  await db().$executeRaw`
    INSERT INTO iam_users (aws_account_id, account_id, user_name, arn, user_id, owner, team, created_at)
    SELECT ${account.id}, ${accountId}, 'direct-' || i, 'arn:aws:iam::' || ${accountId} || ':user/direct-' || i, 'AIDA' || i,
           'person' || (i % 400) || '@example.com', 'team-' || (i % 25), now() - interval '700 days'
    FROM generate_series(1, ${keys / 2}::int) AS i`;
  await db().$executeRaw`
    INSERT INTO access_keys (access_key_id, aws_account_id, account_id, iam_user_id, user_name, status, created_at, last_used_at, last_used_service, last_used_region, owner, team)
    SELECT 'AKIA' || right(${accountId}, 4) || lpad(n::text, 12, '0'), ${account.id}, ${accountId}, u.id, u.user_name,
           (CASE WHEN n % 13 = 0 THEN 'INACTIVE' ELSE 'ACTIVE' END)::"AccessKeyStatus",
           now() - ((n * 37) % 700) * interval '1 day',
           CASE WHEN n % 7 = 0 THEN NULL ELSE now() - ((n * 11) % 200) * interval '1 day' END, 's3', 'eu-west-1', u.owner, u.team
    FROM iam_users u CROSS JOIN generate_series(0, 1) AS k(j)
    CROSS JOIN LATERAL (SELECT (substring(u.user_name from 8)::int * 2 + k.j) AS n) x
    WHERE u.aws_account_id = ${account.id}`;
  await db().$executeRawUnsafe("ANALYZE access_keys");
}

/**
 * `accounts` accounts holding `keys` keys (two per IAM user), spread unevenly as in a real
 * organisation: user i of n lands in account floor(accounts × ((i + ½) / n)⁴), so the first
 * account holds about 18% of the keys, the first 100 about 56%, and the last one a dozen.
 * Owners come from 10,000 people; about 1 key in 9 has none. One finished sync run records
 * every account (a few failed), as the keys page's freshness panel reads it.
 */
export async function seedOrganisation(accounts: number, keys: number): Promise<void> {
  const users = keys / 2;
  await db().$executeRaw`
    INSERT INTO aws_accounts (id, account_id, name, updated_at)
    SELECT 'bench-acct-' || a, lpad((100000000000 + a)::text, 12, '0'), 'org-' || lpad(a::text, 4, '0'), now()
    FROM generate_series(0, ${accounts - 1}::int) AS a`;
  await db().$executeRaw`
    INSERT INTO iam_users (aws_account_id, account_id, user_name, arn, user_id, owner, team, created_at)
    SELECT 'bench-acct-' || x.a, lpad((100000000000 + x.a)::text, 12, '0'), 'org-svc-' || i,
           'arn:aws:iam::' || lpad((100000000000 + x.a)::text, 12, '0') || ':user/org-svc-' || i, 'AIDAORG' || i,
           CASE WHEN i % 9 = 0 THEN NULL ELSE 'person' || (i % 10000) || '@example.com' END, 'team-' || (i % 40), now() - interval '900 days'
    FROM generate_series(0, ${users - 1}::int) AS i
    CROSS JOIN LATERAL (SELECT floor(${accounts}::int * power((i + 0.5) / ${users}::int, 4))::int AS a) x`;
  await db().$executeRaw`
    INSERT INTO access_keys (access_key_id, aws_account_id, account_id, iam_user_id, user_name, status, created_at, last_used_at, last_used_service, last_used_region, owner, team)
    SELECT 'AKIAORG' || lpad(n::text, 13, '0'), u.aws_account_id, u.account_id, u.id, u.user_name,
           (CASE WHEN n % 17 = 0 THEN 'INACTIVE' ELSE 'ACTIVE' END)::"AccessKeyStatus",
           now() - ((n * 37) % 800) * interval '1 day' - (n % 86400) * interval '1 second',
           CASE WHEN n % 6 = 0 THEN NULL ELSE now() - ((n * 11) % 300) * interval '1 day' END, 's3', 'eu-west-1', u.owner, u.team
    FROM iam_users u CROSS JOIN generate_series(0, 1) AS k(j)
    CROSS JOIN LATERAL (SELECT substring(u.user_name from 9)::int * 2 + k.j AS n) x
    WHERE u.user_name LIKE 'org-svc-%'`;
  const [run] = await db().$queryRaw<{ id: string }[]>`
    INSERT INTO inventory_syncs (trigger, status, accounts_total, accounts_done, accounts_failed, users, keys, created_at, started_at, finished_at)
    VALUES ('scheduled', 'partial', ${accounts}, ${accounts}, 3, ${users}, ${keys}, now() - interval '2 hours', now() - interval '2 hours', now() - interval '1 hour')
    RETURNING id::text`;
  await db().$executeRaw`
    INSERT INTO inventory_sync_accounts (sync_id, aws_account_id, status, users, keys, error, started_at, finished_at)
    SELECT ${run!.id}::uuid, a.id, CASE WHEN a.name IN ('org-0500', 'org-0700', 'org-0900') THEN 'failed' ELSE 'succeeded' END,
           (SELECT count(*) FROM iam_users u WHERE u.aws_account_id = a.id), (SELECT count(*) FROM access_keys k WHERE k.aws_account_id = a.id),
           CASE WHEN a.name IN ('org-0500', 'org-0700', 'org-0900') THEN 'AccessDenied: sts:AssumeRole' END, now() - interval '2 hours', now() - interval '1 hour'
    FROM aws_accounts a WHERE a.id LIKE 'bench-acct-%'`;
}

export async function adminCookie(): Promise<string> {
  const user = await db().user.create({
    data: { email: "bench-admin@example.com", name: "Bench", groups: ["aws-admins"], groupsCheckedAt: new Date() },
    select: { id: true },
  });
  const token = randomBytes(32).toString("base64url");
  await db().session.create({ data: { sessionToken: sha256Hex(token), userId: user.id, expires: new Date(Date.now() + 3600_000) } });
  return `keyless.session=${token}`;
}
