import "server-only";
import NextAuth, { type NextAuthConfig } from "next-auth";
import { headers } from "next/headers";
import { auditRefusal, withAudit } from "@/lib/audit/record";
import { encryptIdToken, keylessAdapter } from "@/lib/auth/adapter";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { sessionCookie } from "@/lib/auth/cookies";
import { idTokenVerifies } from "@/lib/auth/id-token";
import { groupsFromClaim } from "@/lib/auth/roles";
import { systemCaller, userActor, type RequestMeta } from "@/lib/auth/caller";
import { setGroups } from "@/lib/lifecycle/groups";
import { sealRefreshToken } from "@/lib/lifecycle/identity-refresh";
import { mayLift, restoreAccess } from "@/lib/lifecycle/restore-access";
import { requestMetaFrom } from "@/lib/http/request-meta";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

type OidcProfile = Record<string, unknown> & { sub: string; email?: string; name?: string; picture?: string };

export function sessionMaxAgeSeconds(): number {
  return Math.round(env().KEYLESS_SESSION_MAX_AGE_HOURS * 3600);
}

function config(request: RequestMeta): NextAuthConfig {
  const e = env();
  return {
    secret: e.AUTH_SECRET,
    trustHost: true,
    basePath: "/api/auth",
    adapter: keylessAdapter(),
    // A fixed end: updateAge = maxAge means never "due for an update", and the adapter
    // refuses to extend anyway; app/api/auth/[...nextauth] keeps the cookie's expiry fixed too.
    session: { strategy: "database", maxAge: sessionMaxAgeSeconds(), updateAge: sessionMaxAgeSeconds() },
    cookies: { sessionToken: sessionCookie() },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      {
        id: "oidc",
        name: e.OIDC_DISPLAY_NAME,
        type: "oidc",
        issuer: e.OIDC_ISSUER,
        clientId: e.OIDC_CLIENT_ID,
        clientSecret: e.OIDC_CLIENT_SECRET,
        checks: ["pkce", "state", "nonce"],
        // People provisioned over SCIM exist before their first sign-in: the IdP that
        // provisioned them is the one vouching for this email, so link rather than refuse.
        allowDangerousEmailAccountLinking: true,
        authorization: { params: { scope: e.OIDC_SCOPES } },
        profile(profile: OidcProfile) {
          return {
            id: profile.sub,
            email: typeof profile.email === "string" ? profile.email.toLowerCase() : "",
            name: typeof profile.name === "string" ? profile.name : null,
            image: null,
            groups: groupsFromClaim(profile[e.OIDC_GROUPS_CLAIM]),
          };
        },
      },
    ],
    callbacks: {
      async signIn({ account, profile }) {
        // An identity without an email cannot be mapped to audit entries or key owners.
        if (typeof profile?.email !== "string" || !profile.email.includes("@")) return false;
        // Roles come from this token's groups: it must be signed by the IdP (lib/auth/id-token.ts).
        // Runs before next-auth writes the user, account or session.
        if (typeof account?.id_token !== "string" || !(await idTokenVerifies(account.id_token, e.OIDC_ISSUER, e.OIDC_CLIENT_ID)))
          return false;
        // A person whose access was ended (admin, SCIM) does not get back in by signing in;
        // one the IdP refused earlier and now vouches for again does.
        const person = await db().user.findUnique({
          where: { email: profile.email.toLowerCase() },
          select: { id: true, status: true, suspendedBy: true },
        });
        if (person && person.status !== "active" && !mayLift(person.suspendedBy, "idp")) {
          await auditRefusal(userActor({ id: person.id, email: profile.email.toLowerCase() }, request), "auth.sign_in", {
            details: { reason: `access ended (${person.status}, by ${person.suspendedBy ?? "unknown"})` },
          });
          return "/signin?error=AccessEnded";
        }
        return true;
      },
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl, "/"), baseUrl).toString();
      },
    },
    events: {
      async signIn({ user, account, profile }) {
        if (!user.id) return;
        const groups = groupsFromClaim(profile?.[e.OIDC_GROUPS_CLAIM]);
        const actor = userActor({ id: user.id, email: user.email ?? "", name: user.name, groups }, request);
        const hasRefreshToken = typeof account?.refresh_token === "string";
        await db().user.update({
          where: { id: user.id },
          data: {
            lastSignInAt: new Date(),
            name: user.name ?? undefined,
            // With a refresh token the worker re-reads the groups at the configured interval.
            groupsCheckDueAt: hasRefreshToken ? new Date(Date.now() + e.KEYLESS_GROUPS_REFRESH_MINUTES * 60_000) : null,
          },
        });
        // The IdP vouches for the person again: an earlier IdP refusal is lifted (signIn
        // above refused anyone else whose access ended).
        await restoreAccess(systemCaller("sign-in"), user.id, "idp");
        await setGroups(actor, user.id, groups, "sign-in");
        if (account?.id_token) {
          await db().account.updateMany({
            where: { provider: account.provider, providerAccountId: account.providerAccountId },
            data: {
              idTokenEncrypted: encryptIdToken(account.id_token, user.id),
              idTokenExpiresAt: account.expires_at ? new Date(account.expires_at * 1000) : null,
              ...(hasRefreshToken ? { refreshTokenEncrypted: sealRefreshToken(account.refresh_token, user.id) } : {}),
            },
          });
        }
        await withAudit(userActor({ id: user.id, email: user.email ?? "", name: user.name, groups }, request), "auth.sign_in", undefined, {
          details: { groups, provider: account?.provider },
        });
      },
      async signOut(message) {
        const session = "session" in message ? message.session : null;
        if (!session?.userId) return;
        const user = await db().user.findUnique({ where: { id: session.userId }, select: { email: true } });
        await withAudit(userActor({ id: session.userId, email: user?.email ?? "" }, request), "auth.sign_out", undefined, {});
      },
    },
    logger: {
      error: (error) => logger().warn({ err: { name: error.name, message: error.message } }, "auth error"),
      warn: (code) => logger().warn({ code }, "auth warning"),
      debug: () => undefined,
    },
  };
}

// Lazy: configuration is read per request, so `next build` needs none. Server actions
// (sign-out) pass no request: their headers come from next/headers.
export const { handlers, signIn, signOut } = NextAuth(async (req) => config(requestMetaFrom(req ? req.headers : await headers())));
