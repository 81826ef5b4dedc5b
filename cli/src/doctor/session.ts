import type { AwsRole, Me } from "../api-types.js";
import { expectShape, ME_SHAPE } from "../api-types.js";
import { signedInClient } from "../client.js";
import { listRoles } from "../credentials.js";
import { CliError } from "../errors.js";
import type { Session } from "../store.js";
import { fail, loginFix, ok, warn, type Check } from "./check.js";

// Is this CLI signed in, does the server still accept the session, and for how long? Asked
// through the same client as every command, so a refresh happens as it would for them.

const DAY_MS = 24 * 3600_000;
const AREA = "Session";

const until = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export async function sessionChecks(
  session: Session | null,
  server: string | null,
  reachable: boolean,
  now = Date.now(),
): Promise<{ checks: Check[]; roles: AwsRole[] | null }> {
  if (!session) return { checks: [fail(AREA, "You are not signed in to Keyless.", loginFix(server))], roles: null };
  const ends = new Date(session.sessionExpiresAt).getTime();
  if (ends <= now)
    return {
      checks: [fail(AREA, `Your CLI session ended at ${until(session.sessionExpiresAt)}.`, loginFix(session.server))],
      roles: null,
    };
  if (!reachable)
    return {
      checks: [
        warn(
          AREA,
          `Signed in as ${session.user.email} until ${until(session.sessionExpiresAt)}; the server could not confirm it.`,
          "Fix the server check above, then run `keyless doctor` again.",
        ),
      ],
      roles: null,
    };
  try {
    const client = await signedInClient();
    const me = expectShape<Me>(await client.call("GET", "/api/v1/me"), ME_SHAPE, "identity");
    const roles = await listRoles(client);
    const left = Math.floor((ends - now) / DAY_MS);
    const message = `Signed in to ${client.session.server} as ${me.email}, until ${until(client.session.sessionExpiresAt)}`;
    const check =
      ends - now < DAY_MS
        ? warn(AREA, `${message}: less than a day left.`, `Sign in again before then: ${loginFix(client.session.server)}`)
        : ok(AREA, `${message} (${left} day${left === 1 ? "" : "s"} left); ${roles.length} role${roles.length === 1 ? "" : "s"}.`);
    return { checks: [check], roles };
  } catch (error) {
    if (error instanceof CliError)
      return { checks: [fail(AREA, error.message, error.hint?.replace(/^Run: /, "") ?? loginFix(session.server))], roles: null };
    return { checks: [fail(AREA, error instanceof Error ? error.message : String(error), loginFix(session.server))], roles: null };
  }
}
