import "server-only";
import { cliSessionSelect, toCliSessionView } from "@/lib/cli-auth/session-view";
import { sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { awsWindowStart, liveBrowserWhere } from "@/lib/people/live-sessions";
import { AWS_SESSION_WINDOW_HOURS, type AwsSessionView } from "@/lib/people/schemas";

// One person's sessions, as the People page (an admin looking) and the Sessions page (the
// person themselves) show them. Not entry points: the callers check permission and scope
// (people.read for anyone's, the caller's own id otherwise). Never a token or its hash out.

const WEEK_MS = 7 * 86_400_000;

/** Live browser sessions; `currentToken` (the asking browser's cookie) marks its own. */
export async function browserSessionsOf(userId: string, now: Date, currentToken: string | null = null) {
  const currentHash = currentToken ? sha256Hex(currentToken) : null;
  const rows = await db().session.findMany({
    where: { userId, ...liveBrowserWhere(now) },
    select: { sessionToken: true, createdAt: true, expires: true, lastSeenAt: true },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return rows.map((r) => ({
    createdAt: r.createdAt.toISOString(),
    expires: r.expires.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    current: currentHash !== null && r.sessionToken === currentHash,
  }));
}

/** CLI sessions that work, and those that ended in the last week (pruned after that). */
export async function cliSessionsOf(userId: string, now: Date) {
  const since = new Date(now.getTime() - WEEK_MS);
  const rows = await db().cliSession.findMany({
    where: { userId, OR: [{ revokedAt: null, expiresAt: { gt: since } }, { revokedAt: { gt: since } }] },
    select: cliSessionSelect,
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return rows.map((r) => toCliSessionView(r, now));
}

/** AWS sessions Keyless issued them in the last AWS_SESSION_WINDOW_HOURS, newest first. */
export async function awsSessionsOf(userId: string, now: Date): Promise<AwsSessionView[]> {
  const rows = await db().awsSession.findMany({
    where: { userId, issuedAt: { gt: awsWindowStart(now, AWS_SESSION_WINDOW_HOURS) } },
    select: { roleArn: true, accountId: true, kind: true, via: true, accessKeyId: true, issuedAt: true, expiresAt: true, revokedAt: true },
    orderBy: { issuedAt: "desc" },
    take: 500,
  });
  return rows.map((r) => ({
    ...r,
    issuedAt: r.issuedAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}
