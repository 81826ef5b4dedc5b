// Rows the page benchmark needs that a sync would take too long to make: another account's
// 10,000 keys (written straight to Postgres), and a signed-in admin's session cookie.
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

export async function adminCookie(): Promise<string> {
  const user = await db().user.create({
    data: { email: "bench-admin@example.com", name: "Bench", groups: ["aws-admins"], groupsCheckedAt: new Date() },
    select: { id: true },
  });
  const token = randomBytes(32).toString("base64url");
  await db().session.create({ data: { sessionToken: sha256Hex(token), userId: user.id, expires: new Date(Date.now() + 3600_000) } });
  return `keyless.session=${token}`;
}
