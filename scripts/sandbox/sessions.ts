// Signed-in users without a browser, for benchmarks and the reliability suite: a users row
// and a database session, as the sign-in would leave them. Returns the Cookie header value.
import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";

export async function sessionFor(db: pg.Pool | pg.Client, email: string, groups: string[]): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (id, email, name, groups, updated_at, last_sign_in_at, groups_checked_at) VALUES ($1, $2, $3, $4, now(), now(), now())
     ON CONFLICT (email) DO UPDATE SET groups = EXCLUDED.groups, groups_checked_at = now() RETURNING id`,
    [`u-${randomBytes(6).toString("hex")}`, email, email, groups],
  );
  await db.query(`INSERT INTO sessions (id, session_token_hash, user_id, expires) VALUES ($1, $2, $3, now() + interval '1 day')`, [
    `s-${randomBytes(8).toString("hex")}`,
    createHash("sha256").update(token).digest("hex"),
    rows[0]?.id,
  ]);
  return `keyless.session=${token}`;
}
