import type { Role } from "@/lib/permissions";

/** Where a request came from; recorded in the audit log. */
export type RequestMeta = {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** With KEYLESS_SERVER_TIMING: each step's name and milliseconds (lib/http/server-timing.ts). */
  timings?: [string, number][];
};

export type UserCaller = {
  kind: "user";
  userId: string;
  email: string;
  name: string | null;
  groups: string[];
  roles: Role[];
  via: "session" | "token" | "slack";
  /** The CLI token's id when via = token. */
  tokenId?: string;
  request: RequestMeta;
};

/** Background work (scheduled jobs) acts as the system, with its own permissions. */
export type SystemCaller = { kind: "system"; name: string; request: RequestMeta };

export type Caller = UserCaller | SystemCaller;

export function systemCaller(name: string, requestId: string = crypto.randomUUID()): SystemCaller {
  return { kind: "system", name, request: { requestId, ip: null, userAgent: null } };
}

/** The actor for events about a user outside a request they made (e.g. sign-in callbacks). */
export function userActor(user: { id: string; email: string; name?: string | null; groups?: string[] }, request: RequestMeta): UserCaller {
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name ?? null,
    groups: user.groups ?? [],
    roles: [],
    via: "session",
    request,
  };
}
