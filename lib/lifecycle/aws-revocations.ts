import "server-only";
import { sessionNameFromEmail } from "@/lib/credentials/session-identity";
import type { Tx } from "@/lib/db";

// Recording that a person's live AWS sessions are revoked. Keyless knows every session it
// issued (aws_sessions, written from the audit log): for each role the person holds a
// session on that may still be alive, one row says "deny their sessions on this role that
// were issued before `at`". The worker renders the rows into each role's inline policy
// KeylessRevokedSessions (lib/lifecycle/revocation-apply.ts); this file only writes them,
// inside the caller's audited transaction, so the decision and its record commit together.

/** A role chained from a revoked session can live up to an hour after it was issued. */
const CHAINED_SESSION_SECONDS = 3600;

export type AwsRevocationInput = {
  userId: string;
  /** The moment of revocation: sessions issued before it are denied. */
  at: Date;
  /** Only these roles (a grant, a group removal); every role with a live session when omitted. */
  roleArns?: string[];
  reason: string;
  /** Who asked: an email, or "system:<name>". */
  requestedBy: string;
};

export type RevokedRole = { roleArn: string; accountId: string; sessions: number };

type LiveRole = { role_arn: string; account_id: string; email: string; sessions: number; last_expiry: Date; max_duration: number | null };

/**
 * Writes a revocation row for each role the person holds a session on that is still alive
 * at `at` (limited to `roleArns` when given) and marks those sessions revoked. Idempotent:
 * a role already revoked for this person at or after `at` gets no second row.
 */
export async function recordAwsRevocations(tx: Tx, input: AwsRevocationInput): Promise<RevokedRole[]> {
  const roles = await tx.$queryRawUnsafe<LiveRole[]>(
    `SELECT s.role_arn, s.account_id, s.email, count(*)::int AS sessions, max(s.expires_at) AS last_expiry,
            max(r.max_duration_seconds) AS max_duration
       FROM aws_sessions s
       LEFT JOIN aws_roles r ON r.role_arn = s.role_arn
      WHERE s.user_id = $1 AND s.issued_at <= $2 AND s.expires_at > $2 - make_interval(secs => ${CHAINED_SESSION_SECONDS})
        AND ($3::text[] IS NULL OR s.role_arn = ANY($3::text[]))
        AND NOT EXISTS (SELECT 1 FROM aws_session_revocations v
                         WHERE v.user_id = s.user_id AND v.role_arn = s.role_arn AND v.revoked_before >= $2)
      GROUP BY s.role_arn, s.account_id, s.email`,
    input.userId,
    input.at,
    input.roleArns ?? null,
  );
  for (const role of roles) {
    await tx.awsSessionRevocation.create({
      data: {
        userId: input.userId,
        // The same value the sessions were stamped with (lib/credentials/sts-params.ts).
        sourceIdentity: sessionNameFromEmail(role.email),
        roleArn: role.role_arn,
        accountId: role.account_id,
        revokedBefore: input.at,
        expiresAt: revocationExpiry(input.at, role.last_expiry, role.max_duration),
        reason: input.reason.slice(0, 500),
        requestedBy: input.requestedBy,
      },
      select: { id: true },
    });
  }
  if (roles.length > 0) {
    await tx.awsSession.updateMany({
      where: { userId: input.userId, roleArn: { in: roles.map((r) => r.role_arn) }, issuedAt: { lte: input.at }, revokedAt: null },
      data: { revokedAt: input.at },
    });
  }
  const byRole = new Map<string, RevokedRole>();
  for (const r of roles) {
    const seen = byRole.get(r.role_arn);
    byRole.set(r.role_arn, { roleArn: r.role_arn, accountId: r.account_id, sessions: (seen?.sessions ?? 0) + r.sessions });
  }
  return [...byRole.values()];
}

/**
 * When no session the entry denies can be alive any more: the latest session Keyless issued
 * on the role before `at`, the role's maximum duration from `at`, and an hour for sessions
 * chained from one of them, whichever is last.
 */
export function revocationExpiry(at: Date, lastKnownExpiry: Date, roleMaxSeconds: number | null): Date {
  const candidates = [
    lastKnownExpiry.getTime(),
    at.getTime() + (roleMaxSeconds ?? 43_200) * 1000,
    at.getTime() + CHAINED_SESSION_SECONDS * 1000,
  ];
  return new Date(Math.max(...candidates));
}
