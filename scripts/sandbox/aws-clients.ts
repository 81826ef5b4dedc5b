// AWS SDK clients pointed at the sandbox's moto, acting in a chosen account: moto puts
// calls made with credentials from AssumeRole into arn:aws:iam::<account>:role/… into
// that account's own IAM.
import { IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

const HUB_CREDENTIALS = { accessKeyId: "sandbox-hub", secretAccessKey: "sandbox-hub-secret" };

export function hubSts(endpoint: string): STSClient {
  return new STSClient({ endpoint, region: "us-east-1", credentials: HUB_CREDENTIALS });
}

export async function credentialsIn(endpoint: string, accountId: string) {
  const out = await hubSts(endpoint).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/KeylessSandboxSeeder`, RoleSessionName: "sandbox-seed" }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error(`moto gave no credentials for ${accountId}`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

export async function iamIn(endpoint: string, accountId: string): Promise<IAMClient> {
  return new IAMClient({ endpoint, region: "us-east-1", credentials: await credentialsIn(endpoint, accountId), maxAttempts: 5 });
}
