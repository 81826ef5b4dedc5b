import "server-only";
import { systemCaller } from "@/lib/auth/caller";
import { verifiedIdTokenClaims } from "@/lib/auth/id-token";
import { oidcMetadata } from "@/lib/auth/oidc-discovery";
import { groupsFromClaim } from "@/lib/auth/roles";
import { createLimiter } from "@/lib/concurrency";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { db, sql } from "@/lib/db";
import { env } from "@/lib/env";
import { endAccess } from "@/lib/lifecycle/end-access";
import { setGroups } from "@/lib/lifecycle/groups";
import { logger } from "@/lib/logger";

// Re-reading signed-in people's groups from the IdP between sign-ins, with the refresh
// token it issued at sign-in (OIDC scope offline_access), the way the IdP itself expects a
// client to: grant_type=refresh_token at its token endpoint, then the groups claim of the
// new ID token (or of userinfo). Run by the worker every minute for the people who are due
// (every KEYLESS_GROUPS_REFRESH_MINUTES) and still hold a browser or CLI session.
// An IdP that refuses the refresh token (invalid_grant: the person was disabled, deleted,
// or their sign-in revoked) ends the person's access everywhere. An IdP that is down or
// misconfigured changes nothing: the check is tried again a few minutes later.

const BATCH = 200;
const CONCURRENCY = 4;
const RETRY_MINUTES = 5;

export function refreshTokenAad(userId: string): string {
  return `refresh-token:${userId}`;
}

export function sealRefreshToken(token: string, userId: string): string {
  return encryptSecret(token, refreshTokenAad(userId));
}

type Due = { user_id: string; email: string; account_id: string; sealed: string };

export type RefreshOutcome = "unchanged" | "changed" | "refused" | "failed";

/** Everyone due now; returns how each check went. */
export async function refreshDueIdentities(now: Date = new Date()): Promise<Record<RefreshOutcome, number>> {
  const due = await sql<Due>(
    `SELECT u.id AS user_id, u.email, a.id AS account_id, a.refresh_token_encrypted AS sealed
       FROM users u
       JOIN LATERAL (SELECT id, refresh_token_encrypted FROM auth_accounts
                      WHERE user_id = u.id AND refresh_token_encrypted IS NOT NULL ORDER BY updated_at DESC LIMIT 1) a ON true
      WHERE u.status = 'active' AND u.groups_check_due_at <= $1
        AND (EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.expires > $1)
          OR EXISTS (SELECT 1 FROM cli_sessions c WHERE c.user_id = u.id AND c.revoked_at IS NULL AND c.expires_at > $1))
      ORDER BY u.groups_check_due_at
      LIMIT ${BATCH}`,
    [now],
  );
  const counts: Record<RefreshOutcome, number> = { unchanged: 0, changed: 0, refused: 0, failed: 0 };
  const limit = createLimiter(CONCURRENCY);
  await Promise.all(
    due.map((d) =>
      limit(async () => {
        counts[await refreshIdentity(d).catch((error: unknown) => failed(d, error))]++;
      }),
    ),
  );
  return counts;
}

async function failed(d: Due, error: unknown): Promise<RefreshOutcome> {
  logger().warn({ err: error, userId: d.user_id }, "could not re-read groups from the IdP; trying again later");
  await db().user.update({ where: { id: d.user_id }, data: { groupsCheckDueAt: minutesFromNow(RETRY_MINUTES) }, select: { id: true } });
  return "failed";
}

function minutesFromNow(minutes: number): Date {
  return new Date(Date.now() + minutes * 60_000);
}

class IdpRefusal extends Error {}

async function refreshIdentity(d: Due): Promise<RefreshOutcome> {
  const e = env();
  const tokens = await refreshGrant(decryptSecret(d.sealed, refreshTokenAad(d.user_id))).catch(async (error: unknown) => {
    if (!(error instanceof IdpRefusal)) throw error;
    // The IdP no longer vouches for this person: end their access everywhere.
    await db().account.update({ where: { id: d.account_id }, data: { refreshTokenEncrypted: null }, select: { id: true } });
    await endAccess(systemCaller("idp-refresh"), d.user_id, {
      by: "idp",
      reason: `the identity provider refused to renew the sign-in (${error.message})`,
    });
    return null;
  });
  if (!tokens) return "refused";
  const claims = tokens.id_token
    ? await verifiedIdTokenClaims(tokens.id_token, e.OIDC_ISSUER, e.OIDC_CLIENT_ID)
    : await userinfo(tokens.access_token);
  if (!claims) throw new Error("the IdP's answer to the refresh did not verify");
  if (typeof claims.email === "string" && claims.email.toLowerCase() !== d.email.toLowerCase()) {
    throw new Error("the IdP's answer to the refresh names another person");
  }
  if (tokens.refresh_token) {
    await db().account.update({
      where: { id: d.account_id },
      data: { refreshTokenEncrypted: sealRefreshToken(tokens.refresh_token, d.user_id) },
      select: { id: true },
    });
  }
  const change = await setGroups(systemCaller("idp-refresh"), d.user_id, groupsFromClaim(claims[e.OIDC_GROUPS_CLAIM]), "refresh");
  await db().user.update({
    where: { id: d.user_id },
    data: { groupsCheckDueAt: minutesFromNow(e.KEYLESS_GROUPS_REFRESH_MINUTES) },
    select: { id: true },
  });
  return change.added.length + change.removed.length > 0 ? "changed" : "unchanged";
}

type TokenAnswer = { id_token?: string; access_token?: string; refresh_token?: string };

async function refreshGrant(refreshToken: string): Promise<TokenAnswer> {
  const e = env();
  const metadata = await oidcMetadata(e.OIDC_ISSUER);
  if (!metadata.tokenEndpoint) throw new Error("the IdP publishes no token endpoint");
  const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken });
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
  if (metadata.tokenAuthMethods.includes("client_secret_basic")) {
    headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(e.OIDC_CLIENT_ID)}:${encodeURIComponent(e.OIDC_CLIENT_SECRET)}`).toString("base64")}`;
  } else {
    body.set("client_id", e.OIDC_CLIENT_ID);
    body.set("client_secret", e.OIDC_CLIENT_SECRET);
  }
  const res = await fetch(metadata.tokenEndpoint, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
  const answer = (await res.json().catch(() => ({}))) as TokenAnswer & { error?: string };
  if (res.ok) return answer;
  // RFC 6749 §5.2: invalid_grant means this grant is over (user disabled, token revoked or expired).
  if (answer.error === "invalid_grant") throw new IdpRefusal("invalid_grant");
  throw new Error(`the IdP's token endpoint answered ${res.status} ${answer.error ?? ""}`.trim());
}

async function userinfo(accessToken: string | undefined): Promise<Record<string, unknown> | null> {
  const metadata = await oidcMetadata(env().OIDC_ISSUER);
  if (!accessToken || !metadata.userinfoEndpoint) return null;
  const res = await fetch(metadata.userinfoEndpoint, {
    headers: { Authorization: `Bearer ${accessToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`the IdP's userinfo endpoint answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}
