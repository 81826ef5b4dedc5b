import "server-only";
import type { RequestMeta, UserCaller } from "@/lib/auth/caller";

/**
 * Resolves a CLI bearer token to its user. CLI tokens are issued by the device sign-in
 * (lib/cli-auth); until a token store exists no bearer token is valid.
 */
export async function callerFromBearer(token: string, request: RequestMeta): Promise<UserCaller | null> {
  void token;
  void request;
  return null;
}
