import "server-only";
import { AwsCallError } from "@/lib/aws/errors";
import { iamUserExists, rotationRoleArn } from "@/lib/aws/iam-keys";
import { db, Prisma } from "@/lib/db";
import { ConflictError, UpstreamError, ValidationError } from "@/lib/errors";
import type { TargetType } from "@/lib/targets";
import { checkTargetSettings } from "@/lib/targets/check-settings";

// What creating or changing an integration checks: the account is configured, the IAM
// user exists there, the target settings pass the connector's schema and point where
// targets may (lib/net/target-policy.ts), names are unique.

export const DAY_MS = 86_400_000;
export const ACTIVE_ROTATION = ["running", "waiting"] as const;

export const invalid = (path: string, message: string) => new ValidationError(`${path}: ${message}.`, [{ path, message }]);

/** The connector's settings, with every URL checked against the target address policy. */
export async function settingsFor(type: TargetType, raw: unknown): Promise<Prisma.InputJsonValue> {
  return checkTargetSettings(type, raw);
}

export async function accountRowId(accountId: string): Promise<string> {
  const account = await db().awsAccount.findUnique({ where: { accountId }, select: { id: true } });
  if (!account) throw invalid("accountId", `account ${accountId} is not configured in Keyless`);
  return account.id;
}

export async function requireIamUser(accountId: string, userName: string): Promise<void> {
  try {
    if (!(await iamUserExists({ accountId, userName })))
      throw invalid("iamUserName", `there is no IAM user ${userName} in account ${accountId}`);
  } catch (error) {
    if (error instanceof AwsCallError) {
      throw new UpstreamError(
        "AWS",
        `Could not look up IAM user ${userName} (${error.code}). Keyless manages it through the role ${rotationRoleArn(accountId)}.`,
      );
    }
    throw error;
  }
}

export function uniqueConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ConflictError("An integration with this name, or for this IAM user, already exists.");
  }
  throw error;
}

export async function hasActiveRotation(integrationId: string): Promise<boolean> {
  return (await db().rotation.count({ where: { integrationId, status: { in: [...ACTIVE_ROTATION] } } })) > 0;
}
