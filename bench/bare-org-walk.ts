// The 1,000-account baseline: what the product's sync must do, done bare with the SDK. The
// organisation's accounts (AssumeRole + ListAccounts, as lib/aws/organizations.ts), then each
// account as bench/bare-sdk.ts walks one (the inventory's own IAM client and retry rounds),
// with the product's limits: `accountsAtOnce` accounts open at a time, `perAccount` IAM calls
// in flight in each, and `globalCalls` across all when the product bounds that too.
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { withTransientRetry } from "../lib/aws/throttle";
import { createLimiter } from "../lib/concurrency";
import { bareSync } from "./bare-sdk";

export type WalkConcurrency = { accountsAtOnce: number; perAccount: number; globalCalls?: number };
export type WalkResult = { accounts: number; users: number; keys: number; perAccountMs: Map<string, number> };

const region = "us-east-1";
const hub = { accessKeyId: "bench-hub", secretAccessKey: "bench-hub-secret" };

export async function listOrgAccounts(endpoint: string, organizationsRoleArn: string): Promise<string[]> {
  const sts = new STSClient({ region, endpoint, credentials: hub });
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: organizationsRoleArn, RoleSessionName: "bare-org", DurationSeconds: 900 })))
    .Credentials;
  sts.destroy();
  const org = new OrganizationsClient({
    region,
    endpoint,
    credentials: { accessKeyId: c?.AccessKeyId ?? "", secretAccessKey: c?.SecretAccessKey ?? "", sessionToken: c?.SessionToken },
  });
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const out = await withTransientRetry(() => org.send(new ListAccountsCommand({ NextToken: token })));
    for (const a of out.Accounts ?? []) if (a.Id && (a.State ?? a.Status) === "ACTIVE") ids.push(a.Id);
    token = out.NextToken;
  } while (token);
  org.destroy();
  return ids.sort(); // the order the product queues them (by account id)
}

export async function bareOrgWalk(endpoint: string, organizationsRoleArn: string, c: WalkConcurrency): Promise<WalkResult> {
  const accounts = await listOrgAccounts(endpoint, organizationsRoleArn);
  const openAccount = createLimiter(c.accountsAtOnce);
  const global = c.globalCalls ? createLimiter(c.globalCalls) : undefined;
  const perAccountMs = new Map<string, number>();
  const results = await Promise.all(
    accounts.map((accountId) =>
      openAccount(async () => {
        const t = performance.now();
        const r = await bareSync(endpoint, accountId, { perAccount: createLimiter(c.perAccount), global });
        perAccountMs.set(accountId, performance.now() - t);
        return r;
      }),
    ),
  );
  return {
    accounts: accounts.length,
    users: results.reduce((n, r) => n + r.users, 0),
    keys: results.reduce((n, r) => n + r.keys, 0),
    perAccountMs,
  };
}
