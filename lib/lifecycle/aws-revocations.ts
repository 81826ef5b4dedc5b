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

type LiveGroup = {
  role_arn: string;
  account_id: string;
  email: string;
  sessions: number;
  last_issued: Date;
  last_expiry: Date;
  max_duration: number | null;
};
type Covered = { role_arn: string; source_identity: string; revoked_before: Date };

/**
 * Writes a revocation row for each role the person holds a session on that may still be
 * alive at `at` (limited to `roleArns` when given) and marks those sessions revoked.
 * Idempotent: a session already covered by a row (same role and SourceIdentity, a moment
 * after it was issued) gets no second one, so a re-run writes nothing new.
 */
export async function recordAwsRevocations(tx: Tx, input: AwsRevocationInput): Promise<RevokedRole[]> {
  // issued_at is AWS's issue time (the session's TokenIssueTime), recorded from the issuance.
  const groups = await tx.$queryRawUnsafe<LiveGroup[]>(
    `SELECT s.role_arn, s.account_id, s.email, count(*)::int AS sessions, max(s.issued_at) AS last_issued,
            max(s.expires_at) AS last_expiry, max(r.max_duration_seconds) AS max_duration
       FROM aws_sessions s
       LEFT JOIN aws_roles r ON r.role_arn = s.role_arn
      WHERE s.user_id = $1 AND s.issued_at <= $2 AND s.expires_at > $2 - make_interval(secs => ${CHAINED_SESSION_SECONDS})
        AND ($3::text[] IS NULL OR s.role_arn = ANY($3::text[]))
      GROUP BY s.role_arn, s.account_id, s.email`,
    input.userId,
    input.at,
    input.roleArns ?? null,
  );
  if (groups.length === 0) return [];
  const covered = await tx.$queryRawUnsafe<Covered[]>(
    `SELECT role_arn, source_identity, max(revoked_before) AS revoked_before FROM aws_session_revocations
      WHERE user_id = $1 AND role_arn = ANY($2::text[]) GROUP BY role_arn, source_identity`,
    input.userId,
    [...new Set(groups.map((g) => g.role_arn))],
  );
  const coveredUntil = new Map(covered.map((c) => [`${c.role_arn} ${c.source_identity}`, c.revoked_before.getTime()]));
  const revoked: (LiveGroup & { sourceIdentity: string })[] = [];
  for (const group of groups) {
    // The same value the sessions were stamped with (lib/credentials/sts-params.ts).
    const sourceIdentity = sessionNameFromEmail(group.email);
    // A row denies what was issued strictly before its moment.
    if ((coveredUntil.get(`${group.role_arn} ${sourceIdentity}`) ?? -Infinity) > group.last_issued.getTime()) continue;
    revoked.push({ ...group, sourceIdentity });
  }
  for (const role of revoked) {
    await tx.awsSessionRevocation.create({
      data: {
        userId: input.userId,
        sourceIdentity: role.sourceIdentity,
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
  if (revoked.length > 0) {
    await tx.awsSession.updateMany({
      where: { userId: input.userId, roleArn: { in: revoked.map((r) => r.role_arn) }, issuedAt: { lte: input.at }, revokedAt: null },
      data: { revokedAt: input.at },
    });
  }
  const byRole = new Map<string, RevokedRole>();
  for (const r of revoked) {
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
