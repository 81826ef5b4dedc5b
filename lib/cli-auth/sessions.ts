import "server-only";
import { auditRefusal, withAudit } from "@/lib/audit/record";
import { userActor, type RequestMeta, type UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { lookupCaller, personRefusal } from "@/lib/auth/session-lookup";
import { hashToken, isTokenOfKind, newToken } from "@/lib/cli-auth/codes";
import { OAuthError } from "@/lib/cli-auth/oauth-error";
import { cliSessionSelect, toCliSessionView } from "@/lib/cli-auth/session-view";
import type { CliSessionView, TokenResponse } from "@/lib/cli-auth/schemas";
import { accessExpiry } from "@/lib/cli-auth/tokens";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";

// CLI sessions: what `keyless login` creates. A session holds the hash of its current
// access token (short-lived) and has single-use refresh tokens (cli_refresh_tokens). It
// ends at a fixed time after sign-in, when revoked by its person, or when a refresh token
// is used twice (a copy leaked: whoever presents the old one, the session is revoked).

type UserRow = { id: string; email: string; name: string | null; groups: string[] };
export type ClientInfo = { clientName: string; clientVersion: string | null; hostname: string | null; platform: string | null };

const userSelect = { id: true, email: true, name: true, groups: true } as const;
const personSelect = { ...userSelect, status: true, source: true, groupsCheckedAt: true } as const;

function tokenResponse(
  user: UserRow,
  session: { id: string; expiresAt: Date },
  access: { token: string; expiresAt: Date },
  refresh: string,
): TokenResponse {
  return {
    access_token: access.token,
    token_type: "Bearer",
    expires_in: Math.max(0, Math.floor((access.expiresAt.getTime() - Date.now()) / 1000)),
    refresh_token: refresh,
    session_id: session.id,
    session_expires_at: session.expiresAt.toISOString(),
    user: { email: user.email, name: user.name },
  };
}

/** Creates a session for an approved device (inside the transaction that consumes it). */
export async function createCliSession(tx: Tx, user: UserRow, client: ClientInfo, meta: RequestMeta): Promise<TokenResponse> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + env().KEYLESS_CLI_SESSION_DAYS * 86_400_000);
  const access = { token: newToken("access"), expiresAt: accessExpiry(now, env().KEYLESS_CLI_ACCESS_TOKEN_MINUTES, expiresAt) };
  const refresh = newToken("refresh");
  const session = await tx.cliSession.create({
    data: {
      userId: user.id,
      ...client,
      accessTokenHash: hashToken(access.token),
      accessExpiresAt: access.expiresAt,
      expiresAt,
      createdIp: meta.ip,
      lastUsedAt: now,
      lastIp: meta.ip,
      refreshTokens: { create: { tokenHash: hashToken(refresh) } },
    },
    select: { id: true, expiresAt: true },
  });
  return tokenResponse(user, session, access, refresh);
}

async function revokeForReuse(sessionId: string, user: UserRow, meta: RequestMeta): Promise<never> {
  await db().cliSession.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: "refresh token reused" },
  });
  await auditRefusal(userActor(user, meta), "cli.session.refresh_reuse", {
    target: { type: "cli_session", id: sessionId },
    details: { reason: "a refresh token was presented a second time; the session was revoked" },
  });
  throw new OAuthError(
    "invalid_grant",
    "This refresh token was already used, so the CLI session was revoked as a precaution (a copy of it may have leaked). Run `keyless login` to sign in again.",
  );
}

/** grant_type=refresh_token: a new access token and a new refresh token for the old one. */
export async function refreshCliSession(refreshToken: string, meta: RequestMeta): Promise<TokenResponse> {
  const invalid = () => new OAuthError("invalid_grant", "This refresh token is not valid. Run `keyless login` to sign in again.");
  if (!isTokenOfKind(refreshToken, "refresh")) throw invalid();
  const row = await db().cliRefreshToken.findUnique({
    where: { tokenHash: hashToken(refreshToken) },
    select: {
      id: true,
      rotatedAt: true,
      session: { select: { id: true, expiresAt: true, revokedAt: true, user: { select: personSelect } } },
    },
  });
  if (!row) throw invalid();
  const { session } = row;
  if (session.revokedAt) throw new OAuthError("invalid_grant", "This CLI session was revoked. Run `keyless login` to sign in again.");
  if (row.rotatedAt) return revokeForReuse(session.id, session.user, meta);
  const now = new Date();
  const refusal = personRefusal(session.user, now);
  if (refusal) throw new OAuthError("invalid_grant", refusal);
  if (session.expiresAt.getTime() <= now.getTime()) {
    throw new OAuthError(
      "invalid_grant",
      `This CLI session has ended (sessions last ${env().KEYLESS_CLI_SESSION_DAYS} days). Run \`keyless login\` to sign in again.`,
    );
  }
  const access = { token: newToken("access"), expiresAt: accessExpiry(now, env().KEYLESS_CLI_ACCESS_TOKEN_MINUTES, session.expiresAt) };
  const refresh = newToken("refresh");
  const rotated = await db().$transaction(async (tx) => {
    // Only one request may rotate a given refresh token; a concurrent second one is a reuse.
    const { count } = await tx.cliRefreshToken.updateMany({ where: { id: row.id, rotatedAt: null }, data: { rotatedAt: now } });
    if (count === 0) return false;
    await tx.cliRefreshToken.create({ data: { cliSessionId: session.id, tokenHash: hashToken(refresh) }, select: { id: true } });
    await tx.cliSession.update({
      where: { id: session.id },
      data: { accessTokenHash: hashToken(access.token), accessExpiresAt: access.expiresAt, lastUsedAt: now, lastIp: meta.ip },
      select: { id: true },
    });
    return true;
  });
  if (!rotated) return revokeForReuse(session.id, session.user, meta);
  return tokenResponse(session.user, session, access, refresh);
}

/**
 * The person behind a CLI access token, or null when it is unknown, expired, revoked or
 * its session has ended. Roles come from their groups, exactly as for a browser session.
 * "Last used" is written at most once a minute per token (or when the address changes).
 */
export async function callerFromAccessToken(token: string, request: RequestMeta): Promise<UserCaller | null> {
  return lookupCaller({ kind: "token", token, request });
}

/** The caller's own CLI sessions, newest first: active ones and those ended in the last week. */
export async function listCliSessions(caller: UserCaller): Promise<CliSessionView[]> {
  await requirePermission(caller, "cli.sessions.own");
  const now = new Date();
  const rows = await db().cliSession.findMany({
    where: { userId: caller.userId },
    select: { ...cliSessionSelect, createdIp: true },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return rows.map((r) => ({ ...toCliSessionView(r, now), current: caller.tokenId === r.id }));
}

/** Revokes one of the caller's own CLI sessions (someone else's is a 404). Idempotent. */
export async function revokeCliSession(caller: UserCaller, id: string): Promise<void> {
  await requirePermission(caller, "cli.sessions.own");
  const row = await db().cliSession.findFirst({
    where: { id, userId: caller.userId },
    select: { id: true, clientName: true, hostname: true, revokedAt: true },
  });
  if (!row) throw new NotFoundError("The CLI session");
  if (row.revokedAt) return;
  await withAudit(caller, "cli.session.revoke", { type: "cli_session", id: row.id }, async (tx) => {
    await tx.cliSession.updateMany({
      where: { id: row.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: caller.tokenId === row.id ? "signed out (keyless logout)" : "revoked by its owner" },
    });
    return { value: undefined, details: { clientName: row.clientName, hostname: row.hostname, own: caller.tokenId === row.id } };
  });
}

/** For "sign out everywhere": ends every CLI session of the person too. Returns how many. */
export async function revokeAllCliSessions(caller: UserCaller, reason: string, tx: Pick<Tx, "cliSession"> = db()): Promise<number> {
  const { count } = await tx.cliSession.updateMany({
    where: { userId: caller.userId, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  return count;
}

/** Housekeeping: forgets codes an hour after they expire and sessions a week after they end. */
export async function pruneCliAuth(now: Date = new Date()): Promise<{ devices: number; sessions: number }> {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const devices = await db().deviceAuthorization.deleteMany({ where: { expiresAt: { lt: hourAgo } } });
  const sessions = await db().cliSession.deleteMany({ where: { OR: [{ expiresAt: { lt: weekAgo } }, { revokedAt: { lt: weekAgo } }] } });
  return { devices: devices.count, sessions: sessions.count };
}
