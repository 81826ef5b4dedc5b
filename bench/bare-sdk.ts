// The baseline: the same AWS calls the inventory sync makes for one account, made bare with
// the SDK (the inventory's own IAM client and retry rounds, same concurrency, same overlap of
// the credential report with the user listing), and nothing else: no parsing beyond what a
// loop needs, no database.
import {
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GenerateCredentialReportCommand,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { inventoryCall as call, inventoryIamClient } from "../lib/aws/iam";
import { createLimiter, type Limiter } from "../lib/concurrency";

/** IAM calls in flight: per account, and (when the product has one) across every account. */
export type WalkLimits = { perAccount: Limiter; global?: Limiter };

export async function bareSync(
  endpoint: string,
  accountId: string,
  concurrency: number | WalkLimits,
): Promise<{ users: number; keys: number }> {
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
  const iam = inventoryIamClient({
    accessKeyId: c?.AccessKeyId ?? "",
    secretAccessKey: c?.SecretAccessKey ?? "",
    sessionToken: c?.SessionToken,
  });
  const report = call("GetCredentialReport", () => iam.send(new GetCredentialReportCommand({}))).catch(async () => {
    while ((await call("GenerateCredentialReport", () => iam.send(new GenerateCredentialReportCommand({})))).State !== "COMPLETE")
      await new Promise((r) => setTimeout(r, 250));
    return call("GetCredentialReport", () => iam.send(new GetCredentialReportCommand({})));
  });
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await call("GetAccountAuthorizationDetails", () =>
      iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ["User"], MaxItems: 1000, Marker: marker })),
    );
    for (const u of page.UserDetailList ?? []) if (u.UserName) names.push(u.UserName);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  const limits = typeof concurrency === "number" ? { perAccount: createLimiter(concurrency) } : concurrency;
  const { perAccount, global } = limits;
  const limit: Limiter = global ? (fn) => perAccount(() => global(fn)) : perAccount;
  const counts = await Promise.all(
    names.map((UserName) =>
      limit(
        async () =>
          (await call("ListAccessKeys", () => iam.send(new ListAccessKeysCommand({ UserName, MaxItems: 100 })))).AccessKeyMetadata
            ?.length ?? 0,
      ),
    ),
  );
  await report;
  iam.destroy();
  sts.destroy();
  return { users: names.length, keys: counts.reduce((a, b) => a + b, 0) };
}
