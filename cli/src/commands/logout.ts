import { signedInClient } from "../client.js";
import { CliError, EXIT } from "../errors.js";
import { print, say } from "../output.js";
import { clearCredentialCache, deleteSession, readSession } from "../store.js";

/** Ends the session on the server (its tokens stop working), then forgets it locally. */
export async function logout(): Promise<void> {
  const session = await readSession();
  if (!session) {
    await clearCredentialCache();
    print("Not signed in.");
    return;
  }
  try {
    const client = await signedInClient();
    await client.call("DELETE", `/api/v1/cli-sessions/${encodeURIComponent(client.session.sessionId)}`);
  } catch (error) {
    // Ended already (revoked, expired) is fine; otherwise say the server still has it.
    if (!(error instanceof CliError && error.exitCode === EXIT.signIn)) {
      say(`keyless: could not end the session on the server (${error instanceof Error ? error.message : String(error)}).`);
      say(`  Revoke it on ${session.server}/cli-sessions if this machine is not yours.`);
    }
  } finally {
    await deleteSession();
    await clearCredentialCache();
  }
  print(`Signed out of ${session.server}.`);
}
