import "server-only";
import NextAuth, { type NextAuthConfig } from "next-auth";
import { headers } from "next/headers";
import { recordAudit } from "@/lib/audit/record";
import { encryptIdToken, keylessAdapter } from "@/lib/auth/adapter";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { sessionCookie } from "@/lib/auth/cookies";
import { idTokenVerifies } from "@/lib/auth/id-token";
import { groupsFromClaim } from "@/lib/auth/roles";
import { userActor, type RequestMeta } from "@/lib/auth/caller";
import { requestMetaFrom } from "@/lib/http/request-meta";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

type OidcProfile = Record<string, unknown> & { sub: string; email?: string; name?: string; picture?: string };

function config(request: RequestMeta): NextAuthConfig {
  const e = env();
  return {
    secret: e.AUTH_SECRET,
    trustHost: true,
    basePath: "/api/auth",
    adapter: keylessAdapter(),
    session: { strategy: "database", maxAge: Math.round(e.KEYLESS_SESSION_MAX_AGE_HOURS * 3600), updateAge: 0 },
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
        return typeof account?.id_token === "string" && (await idTokenVerifies(account.id_token, e.OIDC_ISSUER, e.OIDC_CLIENT_ID));
      },
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl, "/"), baseUrl).toString();
      },
    },
    events: {
      async signIn({ user, account, profile }) {
        if (!user.id) return;
        const groups = groupsFromClaim(profile?.[e.OIDC_GROUPS_CLAIM]);
        await db().user.update({ where: { id: user.id }, data: { groups, lastSignInAt: new Date(), name: user.name ?? undefined } });
        if (account?.id_token) {
          await db().account.updateMany({
            where: { provider: account.provider, providerAccountId: account.providerAccountId },
            data: {
              idTokenEncrypted: encryptIdToken(account.id_token, user.id),
              idTokenExpiresAt: account.expires_at ? new Date(account.expires_at * 1000) : null,
            },
          });
        }
        await recordAudit(userActor({ id: user.id, email: user.email ?? "", name: user.name, groups }, request), {
          action: "auth.sign_in",
          outcome: "success",
          details: { groups, provider: account?.provider },
        });
      },
      async signOut(message) {
        const session = "session" in message ? message.session : null;
        if (!session?.userId) return;
        const user = await db().user.findUnique({ where: { id: session.userId }, select: { email: true } });
        await recordAudit(userActor({ id: session.userId, email: user?.email ?? "" }, request), {
          action: "auth.sign_out",
          outcome: "success",
        });
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
