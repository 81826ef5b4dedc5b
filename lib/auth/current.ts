import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { auditRefusal } from "@/lib/audit/record";
import { can } from "@/lib/auth/guard";
import type { Permission } from "@/lib/permissions";
import type { UserCaller } from "@/lib/auth/caller";
import { sessionCookieName } from "@/lib/auth/cookies";
import { callerFromSessionToken } from "@/lib/auth/session-lookup";
import { requestMetaFrom } from "@/lib/http/request-meta";

/** The signed-in user of the current page or server action (once per request; actions: lib/actions/action.ts). */
export const getCaller = cache(async (): Promise<UserCaller | null> => {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  const token = jar.get(sessionCookieName())?.value;
  if (!token) return null;
  return callerFromSessionToken(token, requestMetaFrom(h));
});

/** For pages: no session sends the visitor to sign in, and back here afterwards. */
export async function requirePageCaller(): Promise<UserCaller> {
  const caller = await getCaller();
  if (caller) return caller;
  const path = (await headers()).get("x-pathname") ?? "/";
  redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
}

/** For pages: a role without the permission sees the 403 page (and the refusal is audited). */
export async function requirePagePermission(permission: Permission): Promise<UserCaller> {
  const caller = await requirePageCaller();
  if (can(caller, permission)) return caller;
  await auditRefusal(caller, "authz.denied", { details: { permission, page: (await headers()).get("x-pathname") } });
  forbidden();
}
