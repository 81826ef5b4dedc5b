import "server-only";
import { sql } from "@/lib/db";

/**
 * When this person's AWS sessions were last revoked (still in force), or null. The CLI drops
 * cached credentials issued before it: AWS already refuses them (KeylessRevokedSessions).
 */
export async function awsSessionsRevokedAt(userId: string): Promise<Date | null> {
  const [row] = await sql<{ at: Date | null }>(
    `SELECT max(revoked_before) AS at FROM aws_session_revocations WHERE user_id = $1 AND expires_at > now()`,
    [userId],
  );
  return row?.at ?? null;
}
