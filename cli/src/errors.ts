// Errors the CLI reports to its person: what happened, and what to do about it. Each kind
// has its own exit code so scripts can tell them apart.

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** Not signed in, or the session expired or was revoked: run `keyless login`. */
  signIn: 3,
  /** Keyless refused (role not allowed, needs approval, not found). */
  refused: 4,
  /** Keyless could not be reached. */
  unreachable: 5,
  /** Too many requests: wait. */
  rateLimited: 6,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly hint: string | null = null,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint: string | null = "Run `keyless help` for usage.") {
    super(message, hint, EXIT.usage);
  }
}

export const loginHint = (server?: string | null) =>
  `Run: keyless login${server ? ` --server ${server}` : " --server https://keyless.example.com"}`;

export function notSignedIn(server?: string | null): CliError {
  return new CliError("You are not signed in to Keyless.", loginHint(server), EXIT.signIn);
}

/** The session is over (expired, revoked): `detail` is the server's explanation. */
export function sessionEnded(detail: string, server?: string | null): CliError {
  return new CliError(detail, loginHint(server), EXIT.signIn);
}

export function unreachable(server: string, cause: string): CliError {
  return new CliError(
    `Cannot reach Keyless at ${server} (${cause}).`,
    "Check your network or VPN. If the address is wrong, sign in again with: keyless login --server <url>",
    EXIT.unreachable,
  );
}
