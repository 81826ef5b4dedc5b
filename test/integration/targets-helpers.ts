// Shared by the target connector tests: the stand-ins of the test sandbox, fresh names per
// run, AWS-looking keys, and the settings that point each connector at its stand-in.
import { randomBytes, randomUUID } from "node:crypto";
import { assumeRole } from "@/lib/aws/sts";
import { StandinsClient } from "../../scripts/sandbox/standins/client";
import { STANDIN_TOKENS } from "../../scripts/sandbox/standins/state";

export const standinsUrl = process.env.KEYLESS_TEST_STANDINS_URL ?? "";
if (!standinsUrl) throw new Error("KEYLESS_TEST_STANDINS_URL is not set: run with `npm run test:integration`.");
export const standins = new StandinsClient(standinsUrl);
export { STANDIN_TOKENS };

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

const pick = (alphabet: string, n: number) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join("");
/** Shaped like an IAM access key: AKIA + 16 base32 characters, a 40-character secret. */
export function newKey() {
  return {
    accessKeyId: `AKIA${pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`,
    secretAccessKey: pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
  };
}

export const apiUrls = {
  github: `${standinsUrl}/github`,
  gitlab: `${standinsUrl}/gitlab/api/v4`,
  travis: `${standinsUrl}/travis`,
  circleci: `${standinsUrl}/circleci/api/v2`,
};

/** Credentials of a role in the sandbox account, assumed the way the rotation job will. */
export async function sandboxAccountCredentials() {
  const c = await assumeRole({
    roleArn: "arn:aws:iam::111111111111:role/KeylessRotation",
    roleSessionName: "keyless-targets-test",
    durationSeconds: 900,
  });
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
}

/** Runs `fn`, expecting it to fail; returns the error so a test can inspect it. */
export async function failure(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected a failure, but the call succeeded");
}
