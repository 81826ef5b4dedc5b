// The baseline: the same AWS calls the inventory sync makes for one account, made bare with
// the SDK (same client settings, same concurrency, same overlap of the credential report
// with the user listing), and nothing else: no parsing beyond what a loop needs, no database.
import {
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GenerateCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { AdaptiveRetryStrategy, DefaultRateLimiter } from "@smithy/core/retry";
import { createLimiter } from "../lib/concurrency";

export async function bareSync(endpoint: string, accountId: string, concurrency: number): Promise<{ users: number; keys: number }> {
  const region = "us-east-1";
  const sts = new STSClient({ region, endpoint, credentials: { accessKeyId: "bench-hub", secretAccessKey: "bench-hub-secret" } });
  const c = (
    await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/KeylessInventory`,
        RoleSessionName: "bare-sdk",
        DurationSeconds: 3600,
      }),
    )
  ).Credentials;
  const iam = new IAMClient({
    region,
    endpoint,
    credentials: { accessKeyId: c?.AccessKeyId ?? "", secretAccessKey: c?.SecretAccessKey ?? "", sessionToken: c?.SessionToken },
    retryStrategy: new AdaptiveRetryStrategy(8, { rateLimiter: new DefaultRateLimiter({ minFillRate: 5 }) }),
  });
  const report = iam.send(new GetCredentialReportCommand({})).catch(async () => {
    while ((await iam.send(new GenerateCredentialReportCommand({}))).State !== "COMPLETE") await new Promise((r) => setTimeout(r, 250));
    return iam.send(new GetCredentialReportCommand({}));
  });
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ["User"], MaxItems: 1000, Marker: marker }));
    for (const u of page.UserDetailList ?? []) if (u.UserName) names.push(u.UserName);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  const limit = createLimiter(concurrency);
  const counts = await Promise.all(
    names.map((UserName) =>
      limit(async () => (await iam.send(new ListAccessKeysCommand({ UserName, MaxItems: 100 }))).AccessKeyMetadata?.length ?? 0),
    ),
  );
  await report;
  iam.destroy();
  sts.destroy();
  return { users: names.length, keys: counts.reduce((a, b) => a + b, 0) };
}
