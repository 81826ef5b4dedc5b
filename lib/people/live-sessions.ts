import "server-only";
import { Prisma } from "@/lib/db";
import { env } from "@/lib/env";

// What "live" means for the sessions the People pages count and list. It must agree with
// the checks that let a session in: lib/auth/session-lookup.ts (browser: its fixed end and, when
// configured, the idle timeout) and lib/cli-auth/sessions.ts (CLI: not revoked, not ended).

/** SQL for "browser session `s` still lets its browser in" (a sessions row aliased `s`). */
export function liveBrowserSql(): Prisma.Sql {
  const idle = env().KEYLESS_SESSION_IDLE_MINUTES;
  return idle > 0
    ? Prisma.sql`s.expires > now() AND s.last_seen_at > now() - make_interval(mins => ${idle}::int)`
    : Prisma.sql`s.expires > now()`;
}

/** The same rule as a Prisma filter. */
export function liveBrowserWhere(now: Date): Prisma.SessionWhereInput {
  const idle = env().KEYLESS_SESSION_IDLE_MINUTES;
  return { expires: { gt: now }, ...(idle > 0 ? { lastSeenAt: { gt: new Date(now.getTime() - idle * 60_000) } } : {}) };
}

/** SQL for "CLI session `c` still works" (a cli_sessions row aliased `c`). */
export const liveCliSql = Prisma.sql`c.revoked_at IS NULL AND c.expires_at > now()`;

export function cliStatus(s: { revokedAt: Date | null; expiresAt: Date }, now: Date): "active" | "expired" | "revoked" {
  if (s.revokedAt) return "revoked";
  return s.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

/** Since when AWS sessions are listed (AWS_SESSION_WINDOW_HOURS before `now`). */
export function awsWindowStart(now: Date, hours: number): Date {
  return new Date(now.getTime() - hours * 3_600_000);
}
