import "server-only";
import { cliStatus } from "@/lib/people/live-sessions";

// How a CLI names itself (its device request, then its session) and how a session is shown,
// to its person (the Sessions page, the API) and to an admin (the People page): one select
// and one shape, so the two lists cannot drift apart.

/** What `keyless login` says about the computer it runs on. */
export const cliClientSelect = { clientName: true, clientVersion: true, hostname: true, platform: true } as const;

export const cliSessionSelect = {
  id: true,
  ...cliClientSelect,
  createdAt: true,
  lastUsedAt: true,
  lastIp: true,
  expiresAt: true,
  revokedAt: true,
} as const;

type SessionRow = { createdAt: Date; lastUsedAt: Date | null; expiresAt: Date; revokedAt: Date | null };

/** A session row with its dates as ISO strings and its status at `now`. */
export function toCliSessionView<R extends SessionRow>(r: R, now: Date) {
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    status: cliStatus(r, now),
  };
}
