import "server-only";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { db } from "@/lib/db";
import { toKeyItem } from "@/lib/inventory/key-row";
import { currentRotationPolicy } from "@/lib/inventory/policy-store";

// The caller's own IAM user access keys, for the "Retire your keys" page: keys (not
// deleted) whose IAM user carries an owner tag equal to their email, with the inventory's
// rotation state, and when the inventory last finished a sync.

export type OwnAccessKey = {
  accessKeyId: string;
  userName: string;
  accountId: string;
  accountName: string | null;
  status: "Active" | "Inactive";
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedService: string | null;
  ageDays: number;
  /** Rotation state from the inventory's policy: ok, due, overdue, unused, inactive. */
  state: string;
};

export type OwnKeys = { available: false; reason: string } | { available: true; keys: OwnAccessKey[]; syncedAt: string | null };

export async function listOwnAccessKeys(caller: UserCaller): Promise<OwnKeys> {
  await requirePermission(caller, "keys.read.own");
  const [rows, last, policy] = await Promise.all([
    db().accessKey.findMany({
      where: { owner: caller.email.toLowerCase(), deletedAt: null },
      orderBy: { createdAt: "asc" },
      select: {
        accessKeyId: true,
        userName: true,
        accountId: true,
        status: true,
        createdAt: true,
        lastUsedAt: true,
        lastUsedService: true,
        lastUsedRegion: true,
        owner: true,
        team: true,
        integrationId: true,
        deletedAt: true,
        account: { select: { name: true } },
      },
    }),
    db().inventorySync.findFirst({ where: { finishedAt: { not: null } }, orderBy: { finishedAt: "desc" }, select: { finishedAt: true } }),
    currentRotationPolicy(),
  ]);
  if (!last && rows.length === 0) {
    return {
      available: false,
      reason: "The key inventory has not finished a sync yet, so Keyless cannot list the IAM keys that name you as owner.",
    };
  }
  const now = new Date();
  const keys = rows.map((r) => {
    const item = toKeyItem({ ...r, accountName: r.account.name }, policy, now);
    return {
      accessKeyId: item.accessKeyId,
      userName: item.userName,
      accountId: item.accountId,
      accountName: item.accountName,
      status: item.status,
      createdAt: item.createdAt,
      lastUsedAt: item.lastUsedAt,
      lastUsedService: item.lastUsedService,
      ageDays: item.ageDays,
      state: item.state,
    };
  });
  return { available: true, keys, syncedAt: last?.finishedAt?.toISOString() ?? null };
}
