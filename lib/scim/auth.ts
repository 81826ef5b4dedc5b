import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { auditRefusal } from "@/lib/audit/record";
import type { RequestMeta, SystemCaller } from "@/lib/auth/caller";
import { env } from "@/lib/env";
import { consumeRateLimit, RateLimitedError } from "@/lib/rate-limit/limiter";
import { ScimError } from "@/lib/scim/errors";

// The IdP authenticates with the one bearer token from configuration (KEYLESS_SCIM_TOKEN).
// Both sides are hashed before the constant-time comparison, so neither the content nor
// the length of the configured token shows in the timing. A token anywhere else (a query
// string, a cookie) is never read. Refusals are audited, at most REFUSALS_AUDITED a minute
// per address: a flood of bad tokens is refused just the same, but cannot fill the log.

const REFUSALS_AUDITED = 10;

export function scimEnabled(): boolean {
  return Boolean(env().KEYLESS_SCIM_TOKEN);
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The caller every SCIM request acts as: the system, on behalf of the IdP, from its address. */
export function scimCaller(meta: RequestMeta): SystemCaller {
  return { kind: "system", name: "scim", request: meta };
}

/** Resolves the SCIM caller from the Authorization header, or throws a 401 (audited). */
export async function authenticateScim(headers: Headers, meta: RequestMeta): Promise<SystemCaller> {
  const expected = env().KEYLESS_SCIM_TOKEN;
  const header = headers.get("authorization");
  const given = header ? /^Bearer +([\x21-\x7e]+)$/i.exec(header.trim())?.[1] : undefined;
  if (expected && given && tokenMatches(given, expected)) return scimCaller(meta);
  const reason = !header ? "no Authorization header" : given ? "wrong token" : "not a bearer token";
  await noteRefusal(meta, reason);
  throw new ScimError(401, undefined, "Send the SCIM token configured in Keyless as Authorization: Bearer <token>.", {
    "WWW-Authenticate": 'Bearer realm="keyless-scim"',
  });
}

async function noteRefusal(meta: RequestMeta, reason: string): Promise<void> {
  const caller = scimCaller(meta);
  try {
    await consumeRateLimit([{ key: `scim-auth-refusal:${meta.ip ?? "unknown"}`, limit: REFUSALS_AUDITED }]);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    if (!error.firstRefusal) return;
    await auditRefusal(caller, "scim.auth_denied", {
      details: { reason, note: `more than ${REFUSALS_AUDITED} refusals a minute from this address: further ones are not recorded` },
    });
    return;
  }
  await auditRefusal(caller, "scim.auth_denied", { details: { reason } });
}
