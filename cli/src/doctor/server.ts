import { USER_AGENT } from "../http.js";
import { VERSION } from "../version.js";
import { fail, loginFix, ok, warn, type Check } from "./check.js";

// Is the server there, which version, and does this machine's clock agree with it? The
// clock matters twice: AWS refuses requests signed more than 5 minutes off, and tokens and
// cached credentials look expired (or not yet valid) when the clocks disagree.

const TIMEOUT_MS = 5_000;
export const SKEW_WARN_SECONDS = 60;
export const SKEW_FAIL_SECONDS = 300;
const CLOCK_FIX =
  "Turn on network time: sudo timedatectl set-ntp true (Linux), System Settings › Date & Time › Set automatically (macOS), w32tm /resync (Windows).";

export type ServerProbe = { reachable: boolean; checks: Check[] };

/** The clock check from the server's Date header, against the middle of the round trip. */
export function clockCheck(serverDate: string | null, sentAt: number, receivedAt: number): Check {
  const server = serverDate ? Date.parse(serverDate) : NaN;
  if (!Number.isFinite(server))
    return warn("Clock", "The server sent no time to compare with.", "Nothing to do unless AWS calls fail with a time error.");
  // Date has whole seconds: up to 1 s of the difference is rounding.
  const skew = Math.round((server - (sentAt + receivedAt) / 2) / 1000);
  const off = `${Math.abs(skew)} s ${skew > 0 ? "behind" : "ahead of"} the server`;
  if (Math.abs(skew) >= SKEW_FAIL_SECONDS)
    return fail("Clock", `This machine's clock is ${off}: AWS refuses requests signed 5 minutes off.`, CLOCK_FIX);
  if (Math.abs(skew) >= SKEW_WARN_SECONDS) return warn("Clock", `This machine's clock is ${off}.`, CLOCK_FIX);
  return ok("Clock", `Within ${Math.max(Math.abs(skew), 1)} s of the server's.`);
}

export async function probeServer(server: string | null, now: () => number = Date.now): Promise<ServerProbe> {
  if (!server)
    return {
      reachable: false,
      checks: [fail("Server", "No Keyless server configured.", loginFix(null))],
    };
  const sentAt = now();
  let res: Response;
  try {
    res = await fetch(`${server}/api/health`, {
      headers: { Accept: "application/json", "User-Agent": USER_AGENT },
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.name : String(error));
    return {
      reachable: false,
      checks: [
        fail(
          "Server",
          `Cannot reach Keyless at ${server} (${cause}).`,
          "Check your network or VPN; if the address is wrong: keyless login --server <url>",
        ),
      ],
    };
  }
  const receivedAt = now();
  const body = (await res.json().catch(() => null)) as { status?: unknown; version?: unknown } | null;
  if (!body || typeof body.status !== "string")
    return {
      reachable: false,
      checks: [
        fail(
          "Server",
          `${server} does not answer like a Keyless server (${res.status}).`,
          "Check the address: keyless login --server <url>",
        ),
      ],
    };
  const version = typeof body.version === "string" ? `Keyless ${body.version}` : "Keyless";
  const health =
    body.status === "ok"
      ? ok("Server", `${version} at ${server} (this CLI ${VERSION}).`)
      : warn(
          "Server",
          `${version} at ${server} answers, but reports “${body.status}”.`,
          "Tell your platform team; credentials may fail until it recovers.",
        );
  return { reachable: true, checks: [health, clockCheck(res.headers.get("date"), sentAt, receivedAt)] };
}
