import { arch, hostname, platform, release } from "node:os";
import { DEVICE_SHAPE, expectShape, TOKEN_SHAPE, type DeviceAuthorization, type TokenResponse } from "../api-types.js";
import { openBrowser } from "../browser.js";
import { sessionFromTokens } from "../client.js";
import { CliError, EXIT, UsageError } from "../errors.js";
import { ApiError, normalizeServer, requestJson } from "../http.js";
import { print, say } from "../output.js";
import { clearCredentialCache, readServer, readSession, writeServer, writeSession } from "../store.js";
import { VERSION } from "../version.js";

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the token endpoint as RFC 8628 §3.5 says until approved, denied or expired. */
async function waitForApproval(server: string, auth: DeviceAuthorization): Promise<TokenResponse> {
  let interval = Math.max(1, auth.interval ?? 5);
  const deadline = Date.now() + auth.expires_in * 1000;
  let networkFailures = 0;
  while (Date.now() < deadline) {
    await sleep(interval * 1000);
    try {
      const tokens = await requestJson(server, "POST", "/api/v1/device/token", {
        body: { grant_type: DEVICE_GRANT, device_code: auth.device_code },
      });
      return expectShape<TokenResponse>(tokens, TOKEN_SHAPE, "token response");
    } catch (error) {
      if (error instanceof ApiError) {
        networkFailures = 0;
        const code = error.problem.error;
        if (code === "authorization_pending") continue;
        if (code === "slow_down") {
          interval = Math.max(interval + 5, error.problem.interval ?? 0);
          continue;
        }
        if (code === "access_denied")
          throw new CliError("The sign-in was denied in the browser.", "Run `keyless login` again if that was a mistake.", EXIT.signIn);
        if (code === "expired_token")
          throw new CliError("The sign-in code expired before it was approved.", "Run `keyless login` again.", EXIT.signIn);
        if (error.status === 429) {
          interval += 5;
          continue;
        }
        throw new CliError(`Keyless refused the sign-in: ${error.message}`, "Run `keyless login` again.", EXIT.signIn);
      }
      // Wi-Fi blips should not cost the person their code: give up after a few in a row.
      if (error instanceof CliError && error.exitCode === EXIT.unreachable && ++networkFailures < 4) continue;
      throw error;
    }
  }
  throw new CliError("The sign-in code expired before it was approved.", "Run `keyless login` again.", EXIT.signIn);
}

export async function login(options: { server?: string; browser: boolean }): Promise<void> {
  const given = options.server ?? process.env.KEYLESS_SERVER ?? (await readServer());
  if (!given) throw new UsageError("Which Keyless server?", "Run: keyless login --server https://keyless.example.com");
  const server = normalizeServer(given);
  const previous = await readSession();

  const auth = expectShape<DeviceAuthorization>(
    await requestJson(server, "POST", "/api/v1/device/authorize", {
      body: {
        client_name: "keyless CLI",
        client_version: VERSION,
        hostname: hostname().slice(0, 255) || undefined,
        platform: `${platform()} ${release()} ${arch()}`.slice(0, 64),
      },
    }),
    DEVICE_SHAPE,
    "sign-in response",
  );
  const link = auth.verification_uri_complete ?? auth.verification_uri;
  say("To sign in to Keyless, open this page in your browser:");
  say("");
  say(`    ${link}`);
  say("");
  say(`and check that it shows this code:  ${auth.user_code}`);
  if (auth.verification_uri_complete) say(`(From another device: go to ${auth.verification_uri} and type the code.)`);
  say("");
  if (options.browser && openBrowser(link)) say("Opened your browser.");
  say(`Waiting for you to approve it (the code expires in ${Math.round(auth.expires_in / 60)} minutes)…`);

  const tokens = await waitForApproval(server, auth);
  await writeSession(sessionFromTokens(server, tokens));
  await writeServer(server);
  await clearCredentialCache();
  // The session this one replaces is no longer needed: end it on the server too.
  if (previous && previous.sessionId !== tokens.session_id) {
    await requestJson(previous.server, "DELETE", `/api/v1/cli-sessions/${encodeURIComponent(previous.sessionId)}`, {
      token: previous.accessToken,
    }).catch(() => undefined);
  }
  print(`Signed in to ${server} as ${tokens.user.email}.`);
  say("Next: `keyless roles` lists your AWS roles; `keyless configure` sets up AWS profiles for them.");
}
