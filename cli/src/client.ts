import type { TokenResponse } from "./api-types.js";
import { expectShape, TOKEN_SHAPE } from "./api-types.js";
import { CliError, EXIT, notSignedIn, sessionEnded } from "./errors.js";
import { ApiError, requestJson } from "./http.js";
import { clearCredentialCache, deleteSession, readServer, readSession, withSessionLock, writeSession, type Session } from "./store.js";

// Authenticated calls: uses the stored access token, refreshes it shortly before it expires
// (one process at a time, under a lock: refresh tokens are single use), and turns the
// server's refusals into errors that say what to do.

const REFRESH_MARGIN_MS = 60_000;

export function sessionFromTokens(server: string, t: TokenResponse): Session {
  return {
    server,
    sessionId: t.session_id,
    accessToken: t.access_token,
    accessTokenExpiresAt: new Date(Date.now() + t.expires_in * 1000).toISOString(),
    refreshToken: t.refresh_token,
    sessionExpiresAt: t.session_expires_at,
    user: { email: t.user.email, name: t.user.name },
  };
}

async function requireSession(): Promise<Session> {
  const session = await readSession();
  if (!session) throw notSignedIn(await readServer());
  return session;
}

const fresh = (s: Session) => new Date(s.accessTokenExpiresAt).getTime() - Date.now() > REFRESH_MARGIN_MS;

/** Swaps the refresh token for new tokens. A refusal ends the local session too. */
async function refresh(stale: Session): Promise<Session> {
  return withSessionLock(async () => {
    // Another keyless process may have refreshed while this one waited for the lock.
    const current = await readSession();
    if (!current) throw notSignedIn(stale.server);
    if (current.accessToken !== stale.accessToken && fresh(current)) return current;
    let tokens: TokenResponse;
    try {
      tokens = expectShape<TokenResponse>(
        await requestJson(current.server, "POST", "/api/v1/device/token", {
          body: { grant_type: "refresh_token", refresh_token: current.refreshToken },
        }),
        TOKEN_SHAPE,
        "token response",
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.problem.error === "invalid_grant") {
        await deleteSession();
        await clearCredentialCache();
        // The server's words say why (revoked, ended, reused); the hint says what to do.
        throw sessionEnded(error.message.replace(/\s*Run `keyless login`[^.]*\.?$/, ""), current.server);
      }
      throw error;
    }
    const next = sessionFromTokens(current.server, tokens);
    await writeSession(next);
    return next;
  });
}

export type Client = {
  session: Session;
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
};

/** A client for the signed-in session, with a valid access token. */
export async function signedInClient(): Promise<Client> {
  let session = await requireSession();
  if (new Date(session.sessionExpiresAt).getTime() <= Date.now()) {
    await deleteSession();
    throw sessionEnded("Your Keyless CLI session has ended (it lasts a fixed time after `keyless login`).", session.server);
  }
  if (!fresh(session)) session = await refresh(session);
  const client: Client = {
    session,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      try {
        return await requestJson<T>(client.session.server, method, path, { body, token: client.session.accessToken });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw explain(error);
      }
      // Refused although not expired by our clock: revoked, or the clocks disagree. A
      // refresh tells which; then one more try.
      client.session = await refresh(client.session);
      try {
        return await requestJson<T>(client.session.server, method, path, { body, token: client.session.accessToken });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          await deleteSession();
          await clearCredentialCache();
          throw sessionEnded(error.message, client.session.server);
        }
        throw explain(error);
      }
    },
  };
  return client;
}

/** Server refusals as CLI errors with a next step. */
export function explain(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const detail = error.message;
  if (error.status === 429) {
    const wait = error.retryAfterSeconds ?? error.problem.retryAfter;
    return new CliError(
      `Keyless is limiting requests: ${detail}`,
      wait ? `Try again in ${wait} seconds.` : "Try again in a minute.",
      EXIT.rateLimited,
    );
  }
  if (error.status === 403)
    return new CliError(`Keyless refused: ${detail}`, "Run `keyless roles` to see the roles you may use.", EXIT.refused);
  if (error.status === 404) return new CliError(detail, "Run `keyless roles` to see the roles you may use.", EXIT.refused);
  if (error.status === 401) return new CliError(detail, "Run `keyless login`.", EXIT.signIn);
  return new CliError(`Keyless answered ${error.status}: ${detail}`, null, EXIT.failure);
}
