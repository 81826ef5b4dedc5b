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
