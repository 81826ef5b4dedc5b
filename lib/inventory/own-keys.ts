import "server-only";
import type { UserCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";

// The caller's own IAM user access keys, for the "Retire your keys" page: keys whose IAM
// user carries an owner tag equal to their email.
//
// SEAM (to wire on merge with the key inventory, issue 3): this branch has no inventory
// tables, so this answers "no inventory" rather than pretending there are no keys. Wire it
// to the inventory's query (keys not deleted, of IAM users whose owner tag = caller.email,
// case-insensitive), keeping this signature and the `keys.read.own` check.

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
  return { available: false, reason: "The key inventory is not set up on this Keyless yet, so it cannot list the IAM keys that name you as owner." };
}
