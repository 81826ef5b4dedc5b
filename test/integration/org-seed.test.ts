// The sandbox's organisation seed and per-account IAM throttle (sandbox_org.py, sandbox_faults.py),
// which the 1,000-account benchmark stands on: a small org, read back through the AWS API as
// Keyless reads it. Its own moto, so no other test sees the organisation or the throttle.
import { createServer } from "node:net";
import {
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetRoleCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
} from "@aws-sdk/client-iam";
import { ListAccountsCommand, OrganizationsClient, type Account } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMoto, type MotoHandle } from "../../scripts/sandbox/moto";
import { clearThrottle, seedOrg, setIamThrottle, throttleStats, type OrgSeed } from "../../scripts/sandbox/org-seed";
import { sandboxPath } from "../../scripts/sandbox/shared";

const region = "us-east-1";
const hub = { accessKeyId: "org-seed-test", secretAccessKey: "org-seed-test-secret" };
let moto: MotoHandle;
let seed: OrgSeed;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function iamIn(accountId: string, maxAttempts = 3): Promise<IAMClient> {
  const sts = new STSClient({ region, endpoint: moto.url, credentials: hub });
  const roleArn = `arn:aws:iam::${accountId}:role/KeylessInventory`;
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "org-seed-test" }))).Credentials!;
  sts.destroy();
  const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
  return new IAMClient({ region, endpoint: moto.url, credentials, maxAttempts });
}

async function allUsers(iam: IAMClient, maxItems: number): Promise<{ names: string[]; pages: number }> {
  const names: string[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ["User"], MaxItems: maxItems, Marker: marker }));
    pages++;
    names.push(...(page.UserDetailList ?? []).map((u) => u.UserName!));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return { names, pages };
}

beforeAll(async () => {
  moto = await startMoto({ port: await freePort(), awsManagedPolicies: false, logFile: sandboxPath("logs", "org-seed-test-moto.log") });
  seed = await seedOrg(moto.url, { accounts: 12, users: 60, keys: 100, seed: 7 });
}, 60_000);
afterAll(async () => moto?.stop());

describe("organisation seed", () => {
  it("lists the management account and 12 members through Organizations, page by page", async () => {
    const org = new OrganizationsClient({ region, endpoint: moto.url, credentials: hub });
    const listed: Account[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await org.send(new ListAccountsCommand({ MaxResults: 5, NextToken: token }));
      listed.push(...(out.Accounts ?? []));
      token = out.NextToken;
      pages++;
    } while (token);
    org.destroy();
    expect(pages).toBe(3);
    expect(listed.map((a) => a.Id).sort()).toEqual(seed.accounts.map((a) => a.accountId).sort());
    expect(new Set(listed.map((a) => a.Status))).toEqual(new Set(["ACTIVE"]));
    expect(seed.accounts[0]!.accountId).toBe(moto.accountId);
  });

  it("spreads exactly 60 users and 100 keys unevenly, one or two keys a user, each readable with the inventory role", async () => {
    const members = seed.accounts.slice(1);
    expect(members.reduce((n, a) => n + a.users, 0)).toBe(60);
    expect(members.reduce((n, a) => n + a.keys, 0)).toBe(100);
    expect(members[0]!.users).toBeGreaterThan(3 * members.at(-1)!.users); // a few accounts hold most
    for (let i = 1; i < members.length; i++) expect(members[i]!.users).toBeLessThanOrEqual(members[i - 1]!.users);
    let lastUsed = 0;
    for (const account of members) {
      const iam = await iamIn(account.accountId);
      expect((await iam.send(new GetRoleCommand({ RoleName: "KeylessInventory" }))).Role?.Arn).toContain(account.accountId);
      const { names } = await allUsers(iam, 1000);
      expect(names).toHaveLength(account.users);
      let keys = 0;
      for (const UserName of names) {
        const n = (await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata?.length ?? 0;
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(2);
        keys += n;
      }
      expect(keys).toBe(account.keys);
      // The report exists already (no GenerateCredentialReport) and carries last use.
      const csv = Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString("utf8");
      expect(csv.trim().split("\n")).toHaveLength(account.users + 1);
      lastUsed += (csv.match(/,\d{4}-\d\d-\d\dT[^,]*,eu-west-1,/g) ?? []).length;
      iam.destroy();
    }
    expect(lastUsed).toBeGreaterThan(50); // most keys were used (85% of 100)
  }, 60_000);

  it("pages a big account's users as IAM does (MaxItems), and refuses a second or impossible seed", async () => {
    const big = seed.accounts[1]!;
    const iam = await iamIn(big.accountId);
    const paged = await allUsers(iam, 4);
    iam.destroy();
    expect(paged.pages).toBe(Math.ceil(big.users / 4));
    expect(new Set(paged.names).size).toBe(big.users);
    await expect(seedOrg(moto.url, { accounts: 2, users: 4, keys: 4 })).rejects.toThrow(/409/);
    await expect(seedOrg(moto.url, { accounts: 2, users: 4, keys: 9 })).rejects.toThrow(/400.*keys/);
  });
});

describe("per-account IAM throttle", () => {
  it("answers Throttling (400, Rate exceeded) once an account's bucket is empty, and only in that account", async () => {
    const [hot, cold] = [seed.accounts[1]!.accountId, seed.accounts[2]!.accountId];
    await setIamThrottle(moto.url, { ratePerSecond: 1, burst: 3 });
    try {
      const hotIam = await iamIn(hot, 1); // no SDK retry: every answer is seen
      const coldIam = await iamIn(cold, 1);
      const hotResults = await Promise.allSettled(Array.from({ length: 8 }, () => hotIam.send(new ListUsersCommand({}))));
      const refused = hotResults.flatMap((r) =>
        r.status === "rejected" ? [r.reason as Error & { $metadata: { httpStatusCode: number } }] : [],
      );
      expect(refused.length).toBeGreaterThanOrEqual(4);
      for (const e of refused) {
        expect(e.name).toBe("Throttling");
        expect(e.message).toBe("Rate exceeded");
        expect(e.$metadata.httpStatusCode).toBe(400);
      }
      // The other account has its own bucket.
      const cold3 = await Promise.allSettled(Array.from({ length: 3 }, () => coldIam.send(new ListUsersCommand({}))));
      expect(cold3.every((r) => r.status === "fulfilled")).toBe(true);
      const stats = await throttleStats(moto.url);
      expect(stats.byAccount[hot]).toBe(refused.length);
      expect(stats.byAccount[cold]).toBeUndefined();
      // A client that waits gets through: the bucket refills at the rate.
      await new Promise((r) => setTimeout(r, 1100));
      await expect(hotIam.send(new ListUsersCommand({}))).resolves.toBeTruthy();
      hotIam.destroy();
      coldIam.destroy();
    } finally {
      await clearThrottle(moto.url);
    }
  });

  it("refuses a throttle without a rate", async () => {
    await expect(setIamThrottle(moto.url, { ratePerSecond: 0 })).rejects.toThrow(/400.*ratePerSecond/);
  });
});
