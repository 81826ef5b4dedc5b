import "server-only";
import { env } from "@/lib/env";
import { UpstreamError } from "@/lib/errors";
import type { TemporaryCredentials } from "@/lib/aws/sts";

/**
 * AWS console sign-in through the federation endpoint: exchange temporary credentials for
 * a sign-in token, then build the login URL. The URL carries only the one-time token, the
 * Destination (built from an allow-list by lib/console/destination.ts) and the Issuer: it is
 * returned to the user and never logged or stored.
 */
export async function createConsoleSigninUrl(
  credentials: TemporaryCredentials,
  options: { sessionDurationSeconds?: number; destination?: string; issuer: string },
): Promise<string> {
  const base = env().KEYLESS_AWS_FEDERATION_URL;
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  // A form POST, as AWS accepts for getSigninToken: the session's secret and token stay out of
  // the URL, which proxies and access logs record.
  const form = new URLSearchParams({ Action: "getSigninToken", Session: session });
  if (options.sessionDurationSeconds) form.set("SessionDuration", String(options.sessionDurationSeconds));

  let signinToken: string | undefined;
  try {
    const res = await fetch(base, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
      signal: AbortSignal.timeout(10_000),
      cache: "no-store",
    });
    if (!res.ok) throw new UpstreamError("AWS sign-in", `The federation endpoint answered ${res.status}.`);
    const body = (await res.json()) as { SigninToken?: unknown };
    if (typeof body.SigninToken === "string") signinToken = body.SigninToken;
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw new UpstreamError("AWS sign-in", "The AWS federation endpoint could not be reached. Try again.");
  }
  if (!signinToken) throw new UpstreamError("AWS sign-in", "The federation endpoint returned no sign-in token.");

  const login = new URL(base);
  login.searchParams.set("Action", "login");
  login.searchParams.set("Issuer", options.issuer);
  login.searchParams.set("Destination", options.destination ?? env().KEYLESS_AWS_CONSOLE_URL);
  login.searchParams.set("SigninToken", signinToken);
  return login.toString();
}
