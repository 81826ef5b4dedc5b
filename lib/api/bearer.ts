import "server-only";
import type { RequestMeta, UserCaller } from "@/lib/auth/caller";
import { callerFromAccessToken } from "@/lib/cli-auth/sessions";

/**
 * Resolves a CLI bearer token (issued by the device sign-in, lib/cli-auth) to its user,
 * or null when it is unknown, expired or revoked. The caller gets the same roles as the
 * person's browser session: they come from the same groups.
 */
export async function callerFromBearer(token: string, request: RequestMeta): Promise<UserCaller | null> {
  return callerFromAccessToken(token, request);
}
