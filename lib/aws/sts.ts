import "server-only";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { clientConfig, type AwsCredentials } from "@/lib/aws/config";
import { toAwsCallError } from "@/lib/aws/errors";

export type TemporaryCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  assumedRoleArn: string;
};

export type AssumeRoleInput = {
  roleArn: string;
  roleSessionName: string;
  sourceIdentity?: string;
  tags?: { key: string; value: string }[];
  durationSeconds: number;
};

const globalForSts = globalThis as unknown as { keylessSts?: STSClient };

/** The server's own STS client: default credential chain (instance/task role; never a key). */
function serverSts(): STSClient {
  globalForSts.keylessSts ??= new STSClient(clientConfig());
  return globalForSts.keylessSts;
}

function toTemporary(out: {
  Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date };
  AssumedRoleUser?: { Arn?: string };
}): TemporaryCredentials {
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw toAwsCallError("STS", "AssumeRole", { name: "IncompleteResponse", message: "STS returned no credentials" });
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
    assumedRoleArn: out.AssumedRoleUser?.Arn ?? "",
  };
}

/** Sends one STS call that answers with temporary credentials; any failure is an AwsCallError naming it. */
async function credentialsFrom(
  operation: "AssumeRole" | "AssumeRoleWithWebIdentity",
  send: () => Promise<Parameters<typeof toTemporary>[0]>,
): Promise<TemporaryCredentials> {
  try {
    return toTemporary(await send());
  } catch (error) {
    throw toAwsCallError("STS", operation, error);
  }
}

export async function assumeRole(input: AssumeRoleInput, client: STSClient = serverSts()): Promise<TemporaryCredentials> {
  const command = new AssumeRoleCommand({
    RoleArn: input.roleArn,
    RoleSessionName: input.roleSessionName,
    SourceIdentity: input.sourceIdentity,
    Tags: input.tags?.map((t) => ({ Key: t.key, Value: t.value })),
    DurationSeconds: input.durationSeconds,
  });
  return credentialsFrom("AssumeRole", () => client.send(command));
}

export async function assumeRoleWithWebIdentity(
  input: { roleArn: string; roleSessionName: string; webIdentityToken: string; durationSeconds: number },
  client: STSClient = serverSts(),
): Promise<TemporaryCredentials> {
  const command = new AssumeRoleWithWebIdentityCommand({
    RoleArn: input.roleArn,
    RoleSessionName: input.roleSessionName,
    WebIdentityToken: input.webIdentityToken,
    DurationSeconds: input.durationSeconds,
  });
  return credentialsFrom("AssumeRoleWithWebIdentity", () => client.send(command));
}

export type CallerIdentity = { account: string; arn: string; userId: string };

/** Who the given credentials (or the server itself) are. */
export async function getCallerIdentity(credentials?: AwsCredentials): Promise<CallerIdentity> {
  const client = credentials ? new STSClient({ ...clientConfig(credentials), maxAttempts: 1 }) : serverSts();
  try {
    const out = await client.send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
  } catch (error) {
    throw toAwsCallError("STS", "GetCallerIdentity", error);
  } finally {
    if (credentials) client.destroy();
  }
}

export function setServerStsClientForTests(client: STSClient | undefined): void {
  globalForSts.keylessSts = client;
}
