import "server-only";
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { clientConfig, type AwsCredentials } from "@/lib/aws/config";
import { AwsCallError, toAwsCallError } from "@/lib/aws/errors";
import { assumeRole, getCallerIdentity } from "@/lib/aws/sts";
import { env } from "@/lib/env";

// The access keys of one IAM user in one of the company's accounts, managed through the
// role Keyless assumes there (KEYLESS_ROTATION_ROLE_NAME). Used by key rotation; the
// inventory's read-only IAM calls live in iam.ts. Secrets returned by createAccessKey are
// handed back and never logged or kept here.

export type IamUserRef = { accountId: string; userName: string };
export type AccessKeyInfo = { accessKeyId: string; status: "Active" | "Inactive"; createdAt: Date };
export type CreatedAccessKey = { accessKeyId: string; secretAccessKey: string };

/** CreateAccessKey refused because the user already has two keys (AWS's fixed quota). */
export class AccessKeyLimitError extends AwsCallError {
  override name = "AccessKeyLimitError";
}

export function rotationRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/${env().KEYLESS_ROTATION_ROLE_NAME}`;
}

type Session = { credentials: AwsCredentials; expiresAt: number; iam: IAMClient };
const sessions = new Map<string, Promise<Session>>();
const REFRESH_BEFORE_MS = 5 * 60_000;

async function openSession(accountId: string): Promise<Session> {
  const c = await assumeRole({ roleArn: rotationRoleArn(accountId), roleSessionName: "keyless-rotation", durationSeconds: 3600 });
  const credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
  return { credentials, expiresAt: c.expiration.getTime(), iam: new IAMClient(clientConfig(credentials)) };
}

/** The assumed role's session in an account, reused until shortly before it expires. */
async function session(accountId: string): Promise<Session> {
  const cached = sessions.get(accountId);
  if (cached) {
    const s = await cached.catch(() => null);
    if (s && s.expiresAt - Date.now() > REFRESH_BEFORE_MS) return s;
    s?.iam.destroy();
  }
  const fresh = openSession(accountId);
  sessions.set(accountId, fresh);
  fresh.catch(() => sessions.delete(accountId));
  return fresh;
}

/** Credentials of the rotation role in that account (for targets in the account, e.g. Secrets Manager). */
export async function accountCredentials(accountId: string): Promise<AwsCredentials> {
  return (await session(accountId)).credentials;
}

/** One IAM call in an account through the role's session, errors as AwsCallError. */
export async function callIn<T>(accountId: string, operation: string, fn: (iam: IAMClient) => Promise<T>): Promise<T> {
  const { iam } = await session(accountId);
  try {
    return await fn(iam);
  } catch (error) {
    throw toAwsCallError("IAM", operation, error);
  }
}

/** One IAM call in the user's account through the role's session, errors as AwsCallError. */
export function call<T>(operation: string, user: IamUserRef, fn: (iam: IAMClient) => Promise<T>): Promise<T> {
  return callIn(user.accountId, operation, fn);
}

export const isCode = (error: unknown, code: string) => error instanceof AwsCallError && error.code === code;

export async function listAccessKeys(user: IamUserRef): Promise<AccessKeyInfo[]> {
  const out = await call("ListAccessKeys", user, (iam) => iam.send(new ListAccessKeysCommand({ UserName: user.userName })));
  return (out.AccessKeyMetadata ?? []).flatMap((k) =>
    k.AccessKeyId
      ? [
          {
            accessKeyId: k.AccessKeyId,
            status: k.Status === "Active" ? ("Active" as const) : ("Inactive" as const),
            createdAt: k.CreateDate ?? new Date(0),
          },
        ]
      : [],
  );
}

/** Whether the IAM user exists in that account. */
export async function iamUserExists(user: IamUserRef): Promise<boolean> {
  return listAccessKeys(user).then(
    () => true,
    (error: unknown) => {
      if (isCode(error, "NoSuchEntity")) return false;
      throw error;
    },
  );
}

export async function createAccessKey(user: IamUserRef): Promise<CreatedAccessKey> {
  try {
    const out = await call("CreateAccessKey", user, (iam) => iam.send(new CreateAccessKeyCommand({ UserName: user.userName })));
    const k = out.AccessKey;
    if (!k?.AccessKeyId || !k.SecretAccessKey)
      throw new AwsCallError("IAM", "CreateAccessKey", "IncompleteResponse", "IAM returned no key", undefined, false);
    return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
  } catch (error) {
    if (error instanceof AwsCallError && error.code === "LimitExceeded") {
      throw new AccessKeyLimitError(
        "IAM",
        "CreateAccessKey",
        error.code,
        `IAM user ${user.userName} already has 2 access keys (the AWS limit).`,
        error.httpStatus,
        false,
      );
    }
    throw error;
  }
}

/** Idempotent: a key (or user) that no longer exists counts as deleted. */
export async function deleteAccessKey(user: IamUserRef, accessKeyId: string): Promise<void> {
  await call("DeleteAccessKey", user, (iam) =>
    iam.send(new DeleteAccessKeyCommand({ UserName: user.userName, AccessKeyId: accessKeyId })),
  ).catch((error: unknown) => {
    if (!isCode(error, "NoSuchEntity")) throw error;
  });
}

export async function setAccessKeyStatus(user: IamUserRef, accessKeyId: string, status: "Active" | "Inactive"): Promise<void> {
  await call("UpdateAccessKey", user, (iam) =>
    iam.send(new UpdateAccessKeyCommand({ UserName: user.userName, AccessKeyId: accessKeyId, Status: status })),
  );
}

/** When the key last signed a request; null if never, or if the key no longer exists. */
export async function accessKeyLastUsed(user: IamUserRef, accessKeyId: string): Promise<Date | null> {
  try {
    const out = await call("GetAccessKeyLastUsed", user, (iam) => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })));
    return out.AccessKeyLastUsed?.LastUsedDate ?? null;
  } catch (error) {
    if (isCode(error, "NoSuchEntity")) return null;
    throw error;
  }
}

/** Whether STS accepts the key yet, as that very user (IAM is eventually consistent). */
export async function accessKeyWorks(user: IamUserRef, key: CreatedAccessKey): Promise<boolean> {
  try {
    const id = await getCallerIdentity({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
    return id.account === user.accountId && id.arn.includes(":user/") && id.arn.split("/").pop() === user.userName;
  } catch {
    return false;
  }
}
