import { UpstreamError } from "@/lib/errors";

// Every failure of a target call becomes a TargetError: whether retrying could help, and a
// message a person can act on. Messages never carry the secret key or the API token: they
// are built from fixed text plus the service's own short error message, and redact() strips
// any known secret from that too (defence in depth, should a service echo input back).

export type TargetErrorReason =
  | "auth" // the token was refused
  | "forbidden" // the token is valid but may not do this
  | "not_found" // repository, project or secret location does not exist (or is invisible)
  | "rejected" // the service refused the request as invalid
  | "rate_limited"
  | "unavailable" // 5xx
  | "network"
  | "timeout"
  | "cancelled"
  | "misconfigured"; // missing token, redirect, unexpected response

export class TargetError extends UpstreamError {
  override name = "TargetError";
  constructor(
    /** The connector's registry key ("github"); a string, as connectors sit below the registry. */
    readonly target: string,
    readonly reason: TargetErrorReason,
    message: string,
    readonly retryable: boolean,
    readonly httpStatus?: number,
  ) {
    super(target, message);
  }
}

/** Replaces every occurrence of the given secrets (token, secret key) with [redacted]. */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("[redacted]");
  return out;
}

export type StatusContext = {
  target: string;
  label: string; // "GitHub"
  /** What a 404 means here: "repository acme/api was not found, or the token cannot see it". */
  notFound: string;
  /** Replaces the default 401/403 text ("the API token was refused"). */
  refused?: string;
  /** The service's own error text, already redacted and shortened. */
  serviceMessage?: string;
  /** GitHub signals rate limiting with 403 and x-ratelimit-remaining: 0. */
  rateLimited?: boolean;
};

/** Maps an HTTP failure status to a TargetError. */
export function errorForStatus(status: number, c: StatusContext): TargetError {
  const said = c.serviceMessage ? `: ${c.serviceMessage}` : "";
  const fail = (reason: TargetErrorReason, text: string, retryable: boolean) =>
    new TargetError(c.target, reason, `${c.label}: ${text} (HTTP ${status})`, retryable, status);
  if (status === 429 || (status === 403 && c.rateLimited)) return fail("rate_limited", "rate limit reached, try again later", true);
  if (status === 401) return fail("auth", c.refused ?? "the API token was refused; update the integration's token", false);
  if (status === 403)
    return fail("forbidden", c.refused ?? `the API token was refused for this action (missing permission or scope)${said}`, false);
  if (status === 404) return fail("not_found", c.notFound, false);
  if (status === 408) return fail("timeout", "the service timed out", true);
  if (status >= 500) return fail("unavailable", `the service is failing${said}`, true);
  if (status >= 300 && status < 400) return fail("misconfigured", "the API redirected; configure the final API URL", false);
  return fail("rejected", `the request was rejected${said}`, false);
}

/** Extracts a short, redacted error text from a service's error body (JSON or plain text). */
export function serviceMessage(body: unknown, secrets: readonly (string | null | undefined)[]): string | undefined {
  let text: string | undefined;
  if (typeof body === "string") text = body;
  else if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    const m = b.message ?? b.error_message ?? b.error_description ?? b.error;
    text = typeof m === "string" ? m : m === undefined ? undefined : JSON.stringify(m);
  }
  // Redact before shortening, so a cut cannot leave half a secret behind.
  const clean = redact(text ?? "", secrets)
    .replace(/\s+/g, " ")
    .trim();
  if (!clean || clean.startsWith("<")) return undefined; // empty, or an HTML error page
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
