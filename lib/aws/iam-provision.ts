import "server-only";
import {
  AttachUserPolicyCommand,
  CreateUserCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import { call, deleteAccessKey, isCode, listAccessKeys, type IamUserRef } from "@/lib/aws/iam-keys";

// Creating (and undoing) the IAM user behind an approved external-service request, through
// the same per-account role as rotation. Every function is idempotent so a retried
// provisioning job can run it again.

export const PROVISIONED_PATH = "/keyless/";

export type UserTags = Record<string, string>;

/** The user's tags, or null when it does not exist. */
export async function getUserTags(user: IamUserRef): Promise<UserTags | null> {
  try {
    const out = await call("GetUser", user, (iam) => iam.send(new GetUserCommand({ UserName: user.userName })));
    return Object.fromEntries((out.User?.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  } catch (error) {
    if (isCode(error, "NoSuchEntity")) return null;
    throw error;
  }
}

export async function createUser(user: IamUserRef, tags: UserTags): Promise<void> {
  await call("CreateUser", user, (iam) =>
    iam.send(
      new CreateUserCommand({
        UserName: user.userName,
        Path: PROVISIONED_PATH,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    ),
  );
}

export async function attachManagedPolicy(user: IamUserRef, policyArn: string): Promise<void> {
  await call("AttachUserPolicy", user, (iam) => iam.send(new AttachUserPolicyCommand({ UserName: user.userName, PolicyArn: policyArn })));
}

export async function putInlinePolicy(user: IamUserRef, name: string, document: string): Promise<void> {
  await call("PutUserPolicy", user, (iam) =>
    iam.send(new PutUserPolicyCommand({ UserName: user.userName, PolicyName: name, PolicyDocument: document })),
  );
}

export async function listAttachedPolicies(user: IamUserRef): Promise<string[]> {
  const out = await call("ListAttachedUserPolicies", user, (iam) =>
    iam.send(new ListAttachedUserPoliciesCommand({ UserName: user.userName })),
  );
  return (out.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : []));
}

export async function listInlinePolicies(user: IamUserRef): Promise<string[]> {
  const out = await call("ListUserPolicies", user, (iam) => iam.send(new ListUserPoliciesCommand({ UserName: user.userName })));
  return out.PolicyNames ?? [];
}

/** Removes the user and everything on it (keys, policies). A user already gone is fine. */
export async function deleteUserCompletely(user: IamUserRef): Promise<string[]> {
  const removed: string[] = [];
  const gone = (error: unknown) => {
    if (!isCode(error, "NoSuchEntity")) throw error;
  };
  try {
    for (const k of await listAccessKeys(user)) {
      await deleteAccessKey(user, k.accessKeyId);
      removed.push(`key ${k.accessKeyId}`);
    }
    for (const arn of await listAttachedPolicies(user)) {
      await call("DetachUserPolicy", user, (iam) =>
        iam.send(new DetachUserPolicyCommand({ UserName: user.userName, PolicyArn: arn })),
      ).catch(gone);
      removed.push(`policy ${arn}`);
    }
    for (const name of await listInlinePolicies(user)) {
      await call("DeleteUserPolicy", user, (iam) =>
        iam.send(new DeleteUserPolicyCommand({ UserName: user.userName, PolicyName: name })),
      ).catch(gone);
      removed.push(`inline policy ${name}`);
    }
    await call("DeleteUser", user, (iam) => iam.send(new DeleteUserCommand({ UserName: user.userName })));
    removed.push(`user ${user.userName}`);
  } catch (error) {
    gone(error);
  }
  return removed;
}
