import "server-only";
import { withAudit } from "@/lib/audit/record";
import { userActor, type RequestMeta, type UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { formatUserCode, hashToken, hashUserCode, isTokenOfKind, newToken, newUserCode, normalizeUserCode } from "@/lib/cli-auth/codes";
import {
  DEVICE_CODE_TTL_SECONDS,
  DEVICE_LIMITS,
  DEVICE_POLL_INTERVAL_SECONDS,
  POLL_TOLERANCE_MS,
  SLOW_DOWN_STEP_SECONDS,
} from "@/lib/cli-auth/limits";
import { OAuthError } from "@/lib/cli-auth/oauth-error";
import { cliClientSelect } from "@/lib/cli-auth/session-view";
import type { DeviceAuthorizeRequest, TokenResponse } from "@/lib/cli-auth/schemas";
import { createCliSession } from "@/lib/cli-auth/sessions";
import { db, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, ValidationError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit/limiter";

// Device sign-in (OAuth 2.0 Device Authorization Grant, RFC 8628) against Keyless itself:
// the CLI asks for a code (startDeviceAuthorization), its person confirms it on /device
// (approveDeviceRequest), the CLI polls until it gets its tokens (exchangeDeviceCode).

export type DeviceRequestView = {
  userCode: string;
  clientName: string;
  clientVersion: string | null;
  hostname: string | null;
  platform: string | null;
  requestIp: string | null;
  createdAt: Date;
  expiresAt: Date;
};

const ipKey = (meta: RequestMeta) => meta.ip ?? "unknown";

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** POST /api/v1/device/authorize (public): a device code for the CLI, a user code for its person. */
export async function startDeviceAuthorization(input: DeviceAuthorizeRequest, meta: RequestMeta) {
  await consumeRateLimit([{ key: `device:authorize:ip:${ipKey(meta)}`, limit: DEVICE_LIMITS.authorizePerIp }]);
  const deviceCode = newToken("device");
  const expiresAt = new Date(Date.now() + DEVICE_CODE_TTL_SECONDS * 1000);
  for (let attempt = 1; ; attempt++) {
    const userCode = newUserCode();
    try {
      await db().deviceAuthorization.create({
        data: {
          deviceCodeHash: hashToken(deviceCode),
          userCodeHash: hashUserCode(userCode),
          clientName: input.client_name,
          clientVersion: input.client_version ?? null,
          hostname: input.hostname ?? null,
          platform: input.platform ?? null,
          requestIp: meta.ip,
          userAgent: meta.userAgent,
          intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS,
          expiresAt,
        },
        select: { id: true },
      });
      const verificationUri = new URL("/device", env().AUTH_URL).toString();
      return {
        device_code: deviceCode,
        user_code: formatUserCode(userCode),
        verification_uri: verificationUri,
        verification_uri_complete: `${verificationUri}?code=${formatUserCode(userCode)}`,
        expires_in: DEVICE_CODE_TTL_SECONDS,
        interval: DEVICE_POLL_INTERVAL_SECONDS,
      };
    } catch (error) {
      // A user code still held by another (or a recently expired) request: draw another.
      if (isUniqueViolation(error) && attempt < 5) continue;
      throw error;
    }
  }
}

async function requireCodeAttempt(caller: UserCaller, input: string): Promise<string> {
  await requirePermission(caller, "cli.sessions.own");
  await consumeRateLimit([{ key: `device:verify:user:${caller.userId}`, limit: DEVICE_LIMITS.verifyPerUser }]);
  const code = normalizeUserCode(input);
  if (!code)
    throw new ValidationError("That is not a sign-in code: it has 8 letters, like WDJB-MJHT.", [
      { path: "code", message: "8 letters, like WDJB-MJHT" },
    ]);
  return code;
}

/** What its person sees of a waiting sign-in before approving it. */
const requestSelect = { ...cliClientSelect, requestIp: true, createdAt: true, expiresAt: true } as const;

const noSuchCode = () =>
  new AppError(
    404,
    "not-found",
    "Not found",
    `No sign-in is waiting for this code. Codes last ${DEVICE_CODE_TTL_SECONDS / 60} minutes: run \`keyless login\` again for a new one.`,
  );

/** What is asking to sign in with this code, for its person to check before approving. */
export async function findDeviceRequest(caller: UserCaller, userCode: string): Promise<DeviceRequestView> {
  const code = await requireCodeAttempt(caller, userCode);
  const row = await db().deviceAuthorization.findFirst({
    where: { userCodeHash: hashUserCode(code), status: "pending", expiresAt: { gt: new Date() } },
    select: requestSelect,
  });
  if (!row) throw noSuchCode();
  return { userCode: formatUserCode(code), ...row };
}

async function decide(caller: UserCaller, userCode: string, decision: "approved" | "denied"): Promise<DeviceRequestView> {
  const code = await requireCodeAttempt(caller, userCode);
  const row = await db().deviceAuthorization.findFirst({
    where: { userCodeHash: hashUserCode(code), status: "pending", expiresAt: { gt: new Date() } },
    select: { id: true, ...requestSelect },
  });
  if (!row) throw noSuchCode();
  const action = decision === "approved" ? "cli.device.approve" : "cli.device.deny";
  return withAudit(caller, action, { type: "device_authorization", id: row.id }, async (tx) => {
    const { count } = await tx.deviceAuthorization.updateMany({
      where: { id: row.id, status: "pending", expiresAt: { gt: new Date() } },
      data: { status: decision, userId: caller.userId, decidedAt: new Date() },
    });
    if (count === 0) throw noSuchCode();
    const { id: _id, ...view } = row;
    return {
      value: { userCode: formatUserCode(code), ...view },
      details: { clientName: row.clientName, hostname: row.hostname, platform: row.platform, requestIp: row.requestIp },
    };
  });
}

export const approveDeviceRequest = (caller: UserCaller, userCode: string) => decide(caller, userCode, "approved");
export const denyDeviceRequest = (caller: UserCaller, userCode: string) => decide(caller, userCode, "denied");

/**
 * POST /api/v1/device/token with the device_code grant: tokens once approved, otherwise
 * the RFC 8628 answer (authorization_pending, slow_down, access_denied, expired_token).
 * A device code is good for one session only.
 */
export async function exchangeDeviceCode(deviceCode: string, meta: RequestMeta): Promise<TokenResponse> {
  await consumeRateLimit([{ key: `device:token:ip:${ipKey(meta)}`, limit: DEVICE_LIMITS.tokenPerIp }]);
  const unknown = () => new OAuthError("invalid_grant", "This device code is not valid. Run `keyless login` again.");
  if (!isTokenOfKind(deviceCode, "device")) throw unknown();
  const row = await db().deviceAuthorization.findUnique({
    where: { deviceCodeHash: hashToken(deviceCode) },
    select: {
      id: true,
      status: true,
      expiresAt: true,
      intervalSeconds: true,
      lastPolledAt: true,
      clientName: true,
      clientVersion: true,
      hostname: true,
      platform: true,
      user: { select: { id: true, email: true, name: true, groups: true, status: true } },
    },
  });
  if (!row) throw unknown();
  const now = new Date();
  if (row.status === "consumed") throw new OAuthError("invalid_grant", "This device code was already used. Run `keyless login` again.");
  if (row.expiresAt.getTime() <= now.getTime())
    throw new OAuthError("expired_token", "The sign-in code expired before it was approved. Run `keyless login` again.");
  if (row.status === "denied") throw new OAuthError("access_denied", "The sign-in was denied in the browser.");

  if (row.status === "approved" && row.user) {
    if (row.user.status !== "active") throw new OAuthError("access_denied", "Your access to Keyless has ended.");
    const { status: _status, ...user } = row.user;
    // The session and its audit entry commit together (fail closed).
    // The session and its audit entry commit together (fail closed).
    const tokens = await withAudit(
      userActor(user, meta),
      "cli.session.create",
      { type: "device_authorization", id: row.id },
      async (tx) => {
        const { count } = await tx.deviceAuthorization.updateMany({
          where: { id: row.id, status: "approved" },
          data: { status: "consumed", lastPolledAt: now },
        });
        if (count === 0) return { value: null, unchanged: true };
        const client = { clientName: row.clientName, clientVersion: row.clientVersion, hostname: row.hostname, platform: row.platform };
        const created = await createCliSession(tx, user, client, meta);
        return { value: created, target: { type: "cli_session", id: created.session_id }, details: client };
      },
    );
    if (!tokens) throw new OAuthError("invalid_grant", "This device code was already used. Run `keyless login` again.");
    return tokens;
  }

  // Pending: the CLI must respect the interval; polling sooner slows it down (RFC 8628 §3.5).
  const earliest = new Date(now.getTime() - row.intervalSeconds * 1000 + POLL_TOLERANCE_MS);
  const { count } = await db().deviceAuthorization.updateMany({
    where: { id: row.id, OR: [{ lastPolledAt: null }, { lastPolledAt: { lte: earliest } }] },
    data: { lastPolledAt: now },
  });
  if (count === 0) {
    const interval = row.intervalSeconds + SLOW_DOWN_STEP_SECONDS;
    await db().deviceAuthorization.update({
      where: { id: row.id },
      data: { intervalSeconds: interval, lastPolledAt: now },
      select: { id: true },
    });
    throw new OAuthError("slow_down", `Polling too fast: wait ${interval} seconds between requests.`, { interval });
  }
  throw new OAuthError("authorization_pending", "Waiting for the sign-in to be approved in the browser.");
}
