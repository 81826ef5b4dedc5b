import "server-only";
import type { Adapter, AdapterAccount, AdapterSession, AdapterUser } from "next-auth/adapters";
import { encryptSecret, sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { groupsFromClaim } from "@/lib/auth/roles";
import { sealRefreshToken } from "@/lib/lifecycle/identity-refresh";

// next-auth database adapter for Keyless. Unlike the stock Prisma adapter it:
// - stores only the SHA-256 of session tokens (a database dump gives no usable session);
// - never extends a session: its end is fixed at sign-in (ADR 003);
// - keeps no OAuth access token, and the ID and refresh tokens only encrypted;
// - returns narrow objects.

const userSelect = { id: true, email: true, name: true, image: true, emailVerified: true, groups: true } as const;

type Row = { id: string; email: string; name: string | null; image: string | null; emailVerified: Date | null };
const toAdapterUser = (u: Row): AdapterUser => ({ ...u, emailVerified: u.emailVerified });

export function encryptIdToken(idToken: string, userId: string): string {
  return encryptSecret(idToken, `id-token:${userId}`);
}

export function keylessAdapter(): Adapter {
  return {
    async createUser(user) {
      const groups = groupsFromClaim((user as { groups?: unknown }).groups);
      const row = await db().user.create({
        data: {
          email: user.email.toLowerCase(),
          name: user.name ?? null,
          image: user.image ?? null,
          emailVerified: user.emailVerified,
          groups,
        },
        select: userSelect,
      });
      return toAdapterUser(row);
    },
    async getUser(id) {
      const row = await db().user.findUnique({ where: { id }, select: userSelect });
      return row ? toAdapterUser(row) : null;
    },
    async getUserByEmail(email) {
      const row = await db().user.findUnique({ where: { email: email.toLowerCase() }, select: userSelect });
      return row ? toAdapterUser(row) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const row = await db().account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { user: { select: userSelect } },
      });
      return row ? toAdapterUser(row.user) : null;
    },
    async updateUser({ id, ...data }) {
      const row = await db().user.update({
        where: { id },
        data: { name: data.name ?? undefined, image: data.image ?? undefined, emailVerified: data.emailVerified ?? undefined },
        select: userSelect,
      });
      return toAdapterUser(row);
    },
    async linkAccount(account: AdapterAccount) {
      await db().account.create({
        data: {
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          idTokenEncrypted: account.id_token ? encryptIdToken(account.id_token, account.userId) : null,
          idTokenExpiresAt: account.expires_at ? new Date(account.expires_at * 1000) : null,
          refreshTokenEncrypted: account.refresh_token ? sealRefreshToken(account.refresh_token, account.userId) : null,
        },
      });
    },
    async createSession(session) {
      await db().session.create({
        data: { sessionToken: sha256Hex(session.sessionToken), userId: session.userId, expires: session.expires },
      });
      // next-auth puts the returned token in the cookie: return the plain value.
      return session;
    },
    async getSessionAndUser(sessionToken) {
      const row = await db().session.findUnique({
        where: { sessionToken: sha256Hex(sessionToken) },
        select: { userId: true, expires: true, user: { select: userSelect } },
      });
      if (!row) return null;
      const session: AdapterSession = { sessionToken, userId: row.userId, expires: row.expires };
      return { session, user: toAdapterUser(row.user) };
    },
    async updateSession(session) {
      // Sessions have a fixed end: next-auth's "extend on use" is refused here whatever
      // its updateAge says, so a stolen cookie or a tab left open ages out.
      const row = await db().session.findUnique({
        where: { sessionToken: sha256Hex(session.sessionToken) },
        select: { userId: true, expires: true },
      });
      return row ? { sessionToken: session.sessionToken, ...row } : null;
    },
    async deleteSession(sessionToken) {
      const hash = sha256Hex(sessionToken);
      const row = await db().session.findUnique({ where: { sessionToken: hash }, select: { userId: true, expires: true } });
      await db().session.deleteMany({ where: { sessionToken: hash } });
      return row ? { sessionToken, ...row } : null;
    },
  };
}
