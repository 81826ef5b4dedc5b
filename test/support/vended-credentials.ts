// Proves that temporary credentials Keyless vends work, by signature. moto alone would not:
// it answers GetCallerIdentity for any secret and any session token. The test sandbox
// (scripts/sandbox/sandbox_auth.py) recomputes the SigV4 signature of every request signed with
// temporary credentials it issued, with the issued secret, and compares the session token, so a
// request signed like a real client's is accepted only when all three parts are right. This is
// stronger than asking /_sandbox/sts/check-credentials alone: it also covers what real clients
// (the AWS SDK, the AWS CLI, credential_process) actually send. Used by integration and e2e tests
// alike, so it asserts by throwing, not with a test framework's expect.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function sandboxUrl(): string {
  const url = process.env.KEYLESS_TEST_MOTO_URL;
  if (!url) throw new Error("KEYLESS_TEST_MOTO_URL is not set: run through `npm test`");
  return url;
}

/** The same credentials with one character of the secret changed. */
export const withAlteredSecret = (c: Credentials): Credentials => ({ ...c, secretAccessKey: alter(c.secretAccessKey) });
/** The same credentials with one character of the session token changed. */
export const withAlteredToken = (c: Credentials): Credentials => ({ ...c, sessionToken: alter(c.sessionToken ?? "") });

function alter(text: string): string {
  const i = Math.floor(text.length / 2);
  return text.slice(0, i) + (text[i] === "A" ? "B" : "A") + text.slice(i + 1);
}

/** GetCallerIdentity signed with these credentials: the ARN, or the AWS error code of the refusal. */
export async function callerIdentity(c: Credentials): Promise<{ arn: string } | { refused: string }> {
  // Only the three parts: vended objects carry more (an ISO `expiration` the SDK would misread).
  const credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
  const sts = new STSClient({ endpoint: sandboxUrl(), region: "us-east-1", credentials, maxAttempts: 1 });
  try {
    return { arn: (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? "" };
  } catch (error) {
    const e = error as { name?: string; Code?: string; $metadata?: unknown };
    if (!e.$metadata) throw error; // not an answer from AWS: a bug in the test, not a refusal
    return { refused: e.Code ?? e.name ?? String(error) };
  } finally {
    sts.destroy();
  }
}

/** Whether the sandbox issued exactly these temporary credentials (unexpired). */
export async function sandboxIssued(c: Credentials): Promise<{ known: boolean; valid: boolean; expired: boolean; arn: string | null }> {
  const res = await fetch(new URL("/_sandbox/sts/check-credentials", sandboxUrl()), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(c),
  });
  if (!res.ok) throw new Error(`check-credentials: ${res.status} ${await res.text()}`);
  return (await res.json()) as { known: boolean; valid: boolean; expired: boolean; arn: string | null };
}

/**
 * The caller ARN of vended credentials, after proving them: a signed GetCallerIdentity succeeds;
 * the sandbox confirms it issued exactly this key, secret and token (so the signature was
 * checked, not waved through as an unknown key); and the same call with the secret altered, then
 * with the session token altered, is refused (so signature checking is on and a wrong secret or
 * token could not pass). Throws, saying which, when any of that fails.
 */
export async function verifiedCallerArn(c: Credentials): Promise<string> {
  const who = await callerIdentity(c);
  if ("refused" in who) throw new Error(`AWS refused the vended credentials ${c.accessKeyId}: ${who.refused}`);
  const issued = await sandboxIssued(c);
  if (!issued.known || !issued.valid) {
    throw new Error(`the sandbox did not issue ${c.accessKeyId} with this secret and session token: ${JSON.stringify(issued)}`);
  }
  const expected: [string, Credentials, string][] = [
    ["an altered secret", withAlteredSecret(c), "SignatureDoesNotMatch"],
    ["an altered session token", withAlteredToken(c), "InvalidClientTokenId"],
  ];
  for (const [what, altered, code] of expected) {
    const answer = await callerIdentity(altered);
    if (!("refused" in answer) || answer.refused !== code) {
      throw new Error(`the sandbox accepted ${what} for ${c.accessKeyId} (${JSON.stringify(answer)}): it must refuse with ${code}`);
    }
  }
  return who.arn;
}
