import { DeleteAccessKeyCommand, DeleteUserCommand, IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { systemCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import { runAccountSync } from "@/lib/inventory/run-account";
import { createRun } from "@/lib/inventory/start-sync";
import { motoUrl } from "./helpers";

// Inventory tests work in accounts of their own (444…, 555…, 666…), never the demo ones
// the end-to-end tests read, and remove them when done.

const DAY = 86_400_000;
// storm: only the storm test's users, so its length does not grow with what other tests left in main.
export const TEST_ACCOUNTS = {
  main: "444444444444",
  failing: "555555555555",
  wrongRole: "666666666666",
  storm: "444444444446",
  writer: "444444444447",
} as const;

export async function ensureAccount(accountId: string, name: string, inventoryRoleArn: string | null = null) {
  return db().awsAccount.upsert({
    where: { accountId },
    create: { accountId, name, inventoryRoleArn },
    update: { inventoryRoleArn },
    select: { id: true, accountId: true },
  });
}

export async function removeTestAccounts() {
  // Integrations keep their account (onDelete: Restrict): remove the tests' own first.
  await db().integration.deleteMany({ where: { account: { accountId: { in: Object.values(TEST_ACCOUNTS) } } } });
  await db().awsAccount.deleteMany({ where: { accountId: { in: Object.values(TEST_ACCOUNTS) } } });
}

/** Runs every account of a new run as the worker would (concurrently), and returns the run id. */
export async function syncAccounts(...awsAccountIds: string[]): Promise<string> {
  const run = await createRun(
    systemCaller("test"),
    "manual",
    awsAccountIds.map((id) => ({ id })),
  );
  await Promise.all(awsAccountIds.map((id) => runAccountSync(run.id, id)));
  return run.id;
}

export type SeedKey = { id: string; ageDays: number; usedDaysAgo?: number | null; inactive?: boolean };
export async function seedUsers(
  accountId: string,
  users: { userName: string; owner?: string; tags?: Record<string, string>; keys: SeedKey[] }[],
) {
  const now = Date.now();
  const body = {
    accountId,
    users: users.map((u) => ({
      userName: u.userName,
      tags: { ...(u.owner ? { owner: u.owner } : {}), ...u.tags },
      keys: u.keys.map((k) => ({
        accessKeyId: k.id,
        status: k.inactive ? "Inactive" : "Active",
        createDate: new Date(now - k.ageDays * DAY).toISOString(),
        lastUsed:
          k.usedDaysAgo == null ? null : { date: new Date(now - k.usedDaysAgo * DAY).toISOString(), service: "s3", region: "eu-west-1" },
      })),
    })),
  };
  const res = await fetch(`${motoUrl}/_sandbox/iam/users`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`seed failed: ${await res.text()}`);
}

/** A key id of the right shape, unique per test run. */
export function keyId(seed: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let h = 2166136261;
  const out: string[] = [];
  for (let i = 0; i < 16; i++) {
    for (const c of `${seed}/${i}/${RUN}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out.push(alphabet[h % 32] ?? "A");
  }
  return `AKIA${out.join("")}`;
}
const RUN = Math.random().toString(36).slice(2);

export async function iamIn(accountId: string): Promise<IAMClient> {
  const sts = new STSClient({
    endpoint: motoUrl,
    region: "us-east-1",
    credentials: { accessKeyId: "test-hub", secretAccessKey: "test-hub-secret" },
  });
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/TestAdmin`, RoleSessionName: "tests" })))
    .Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("no credentials from moto");
  return new IAMClient({
    endpoint: motoUrl,
    region: "us-east-1",
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
  });
}

export async function deleteKey(accountId: string, userName: string, accessKeyId: string) {
  await (await iamIn(accountId)).send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }));
}
export async function deactivateKey(accountId: string, userName: string, accessKeyId: string) {
  await (await iamIn(accountId)).send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: "Inactive" }));
}
export async function deleteUser(accountId: string, userName: string) {
  const iam = await iamIn(accountId);
  const keys = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
  for (const k of keys.AccessKeyMetadata ?? [])
    await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: k.AccessKeyId }));
  await iam.send(new DeleteUserCommand({ UserName: userName }));
}

export async function addFault(fault: {
  action: string;
  error: string;
  status?: number;
  count?: number;
  rate?: number;
  accountId?: string;
}) {
  const res = await fetch(`${motoUrl}/_sandbox/faults`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!res.ok) throw new Error(`fault refused: ${await res.text()}`);
}
export async function clearFaults() {
  await fetch(`${motoUrl}/_sandbox/faults`, { method: "DELETE" });
}
export async function motoStats(): Promise<{ total: number; actions: Record<string, number>; accounts: Record<string, number> }> {
  return (await fetch(`${motoUrl}/_sandbox/stats`)).json() as Promise<{
    total: number;
    actions: Record<string, number>;
    accounts: Record<string, number>;
  }>;
}
export async function resetStats() {
  await fetch(`${motoUrl}/_sandbox/stats`, { method: "DELETE" });
}

export async function keyRow(accessKeyId: string) {
  return db().accessKey.findUnique({
    where: { accessKeyId },
    select: {
      status: true,
      deletedAt: true,
      createdAt: true,
      lastUsedAt: true,
      owner: true,
      events: { select: { kind: true, from: true, to: true }, orderBy: { id: "asc" } },
    },
  });
}
