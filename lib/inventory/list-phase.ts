import "server-only";
import { IamReader } from "@/lib/aws/iam";
import { inventoryGate } from "@/lib/inventory/fair-gate";
import { holdCredentials, inventoryCredentials } from "@/lib/inventory/inventory-credentials";
import { withOwners } from "@/lib/inventory/sync-account";
import { upsertUsers, type AccountRef } from "@/lib/inventory/sync-writer";

// The first half of an account's first sync: its users, listed and written. Nothing tells
// an account's size before its first sync (Organizations lists accounts, not users), and
// the per-user work of the biggest one alone lasts minutes at IAM's per-account rate: queued
// by chance it can start last and set the end of the whole run. So a first sync lists every
// account first (one AssumeRole and one page of users for most: ~2 of its ~50 calls), then
// queues the per-user half biggest first (lib/inventory/run-account.ts). No IAM call is made
// twice: the second half reads the users back from the database and, on the same worker,
// reuses these credentials.

export type Listed = { users: number; awsCalls: number; throttles: number; dbMs: number };

export async function listAccount(account: AccountRef & { inventoryRoleArn: string | null }, seenAt: Date): Promise<Listed> {
  const credentials = await inventoryCredentials(account, { patient: true, sessionName: "keyless-inventory" });
  const gate = inventoryGate();
  const reader = new IamReader(credentials, (fn) => gate(account.awsAccountId, fn));
  try {
    const users = withOwners(await reader.listUsers());
    const t0 = performance.now();
    await upsertUsers(account, users, seenAt);
    holdCredentials(account.awsAccountId, credentials);
    // + 1: the AssumeRole call.
    return { users: users.length, awsCalls: reader.calls + 1, throttles: reader.throttles, dbMs: Math.round(performance.now() - t0) };
  } finally {
    reader.close();
  }
}
