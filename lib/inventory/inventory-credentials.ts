import "server-only";
import { accountIdFromArn } from "@/lib/accounts/schemas";
import type { AwsCredentials } from "@/lib/aws/config";
import { AwsCallError } from "@/lib/aws/errors";
import { assumeRole } from "@/lib/aws/sts";
import { withTransientRetry } from "@/lib/aws/throttle";
import { env } from "@/lib/env";

// The read-only role Keyless assumes in each account: the key inventory reads users and
// keys with it, the request risk analysis reads policies (inventoryPermissions()).

export type InventoryAccount = { accountId: string; inventoryRoleArn: string | null };

export function inventoryRoleArn(account: InventoryAccount): string {
  return account.inventoryRoleArn ?? `arn:aws:iam::${account.accountId}:role/${env().KEYLESS_INVENTORY_ROLE_NAME}`;
}

/**
 * Credentials of the account's inventory role. `patient` (batch jobs such as the sync) waits
 * out a storm of throttling or 5xx from STS; a person waiting on a page does not.
 */
export async function inventoryCredentials(
  account: InventoryAccount,
  options: { patient: boolean; sessionName: string },
): Promise<AwsCredentials & { expiration: Date }> {
  const roleArn = inventoryRoleArn(account);
  // Never read one account's IAM as another's: the role must be in the account itself.
  if (accountIdFromArn(roleArn) !== account.accountId) {
    throw new AwsCallError(
      "STS",
      "AssumeRole",
      "WrongAccount",
      `The inventory role ${roleArn} is not in account ${account.accountId}.`,
      undefined,
      false,
    );
  }
  const assume = () => assumeRole({ roleArn, roleSessionName: options.sessionName, durationSeconds: 3600 });
  const c = options.patient ? await withTransientRetry(assume) : await assume();
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration };
}

// A first sync lists an account's users in one job and reads its keys in a later one
// (lib/inventory/list-phase.ts): the credentials the listing assumed are kept here for the
// second job, so it costs no second AssumeRole when the same worker runs it (another worker
// assumes again). In process memory only, taken once, and only while they have time left.
type Held = AwsCredentials & { expiration: Date };
const globalForHeld = globalThis as unknown as { keylessHeldInventoryCredentials?: Map<string, Held> };
const held = (): Map<string, Held> => (globalForHeld.keylessHeldInventoryCredentials ??= new Map<string, Held>());
const HELD_MAX = 5_000;
const MIN_LEFT_MS = 15 * 60_000;

export function holdCredentials(awsAccountId: string, credentials: Held): void {
  const map = held();
  map.delete(awsAccountId);
  // Oldest first out: a worker never holds more than a few thousand small objects.
  if (map.size >= HELD_MAX) map.delete(map.keys().next().value as string);
  map.set(awsAccountId, credentials);
}

export function takeHeldCredentials(awsAccountId: string): Held | undefined {
  const map = held();
  const c = map.get(awsAccountId);
  map.delete(awsAccountId);
  return c && c.expiration.getTime() - Date.now() > MIN_LEFT_MS ? c : undefined;
}
