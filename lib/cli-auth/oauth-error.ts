import { AppError } from "@/lib/errors";

// OAuth token-endpoint errors (RFC 6749 §5.2, RFC 8628 §3.5). They are problem+json like
// every Keyless error, with the RFC's `error` and `error_description` members added, so an
// OAuth client and a person reading `detail` both understand them.

export type OAuthErrorCode = "authorization_pending" | "slow_down" | "access_denied" | "expired_token" | "invalid_grant";

const TITLES: Record<OAuthErrorCode, string> = {
  authorization_pending: "Waiting for approval",
  slow_down: "Polling too fast",
  access_denied: "Sign-in denied",
  expired_token: "Code expired",
  invalid_grant: "Invalid grant",
};

export class OAuthError extends AppError {
  constructor(
    readonly error: OAuthErrorCode,
    description: string,
    extra: Record<string, unknown> = {},
  ) {
    super(400, error.replace(/_/g, "-"), TITLES[error], description, { error, error_description: description, ...extra });
  }
}
