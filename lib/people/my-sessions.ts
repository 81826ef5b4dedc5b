import "server-only";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { listCliSessions } from "@/lib/cli-auth/sessions";
import { countsOf } from "@/lib/lifecycle/end-access";
import { revokeMySessions } from "@/lib/lifecycle/revoke-sessions";
import { awsSessionsOf, browserSessionsOf } from "@/lib/people/sessions-of";
import type { MySessions } from "@/lib/people/schemas";

// Everyone's own sessions: the Sessions page and GET /api/v1/me/sessions. Scoped to the
// caller by construction (their user id; nobody else's can be asked for).

/**
 * The caller's browser sessions (the asking browser's marked, when `sessionToken` is its
 * cookie), CLI sessions (the asking CLI's marked) and AWS sessions of the last 12 hours.
 */
export async function getMySessions(caller: UserCaller, sessionToken: string | null) {
  await requirePermission(caller, "sessions.revoke.own");
  const now = new Date();
  const [browser, cli, awsSessions] = await Promise.all([
    browserSessionsOf(caller.userId, now, sessionToken),
    listCliSessions(caller),
    awsSessionsOf(caller.userId, now),
  ]);
  return { browser, cli, awsSessions } satisfies MySessions;
}

/** "Revoke all my sessions" (a lost laptop): every browser, every CLI, every live AWS session. */
export async function revokeAllMySessions(caller: UserCaller) {
  await requirePermission(caller, "sessions.revoke.own");
  const summary = countsOf(await revokeMySessions(caller));
  return {
    browserSessions: summary.browserSessions,
    cliSessions: summary.cliSessions,
    deviceSignIns: summary.deviceSignIns,
    awsRolesRevoked: summary.awsRolesRevoked,
  };
}
