import "server-only";
import { withAudit } from "@/lib/audit/record";
import { systemCaller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { accessKeyLastUsed, deleteAccessKey, isCode, listAccessKeys } from "@/lib/aws/iam-keys";

// The end of a retirement (key-retirement-delete job): once the grace period is over, the
// key is deleted only if AWS still says it is inactive and unused since its deactivation;
// otherwise it is kept, and the reason recorded. Idempotent: under the retirement's row
// lock, anything but a pending retirement (undone, deleted, kept) is left as it is.

export type DeleteOutcome = "deleted" | "kept" | "not-due" | "finished";

type Pending = {
  status: string;
  delete_after: Date;
  deactivated_at: Date;
  key_row_id: string;
  access_key_id: string;
  account_id: string;
  user_name: string;
};

export async function finishRetirement(retirementId: string, now = new Date()): Promise<DeleteOutcome> {
  const system = systemCaller("key-retirement");
  await requirePermission(system, "keys.retire");
  let outcome: DeleteOutcome = "finished";
  await withAudit(system, "key.retire_delete", { type: "key_retirement", id: retirementId }, async (tx) => {
    const [r] = await tx.$queryRaw<Pending[]>`
      SELECT r.status, r.delete_after, r.deactivated_at, k.id AS key_row_id, k.access_key_id, k.account_id, k.user_name
      FROM key_retirements r JOIN access_keys k ON k.id = r.access_key_id WHERE r.id = ${retirementId} FOR UPDATE OF r`;
    if (!r || r.status !== "scheduled") return { value: undefined, unchanged: true };
    if (r.delete_after > now) {
      outcome = "not-due";
      return { value: undefined, unchanged: true };
    }
    const user = { accountId: r.account_id, userName: r.user_name };
    const target = { type: "access_key", id: r.access_key_id };
    // A user that no longer exists has no keys; any other failure is retried by the job.
    const keys = await listAccessKeys(user).catch((error: unknown) => {
      if (isCode(error, "NoSuchEntity")) return [];
      throw error;
    });
    const current = keys.find((k) => k.accessKeyId === r.access_key_id);
    const lastUsed = current ? await accessKeyLastUsed(user, r.access_key_id) : null;
    const reason = !current
      ? null
      : current.status === "Active"
        ? "it was reactivated outside Keyless"
        : lastUsed && lastUsed > r.deactivated_at
          ? `it was used on ${lastUsed.toISOString()}, after its deactivation`
          : null;
    if (reason) {
      outcome = "kept";
      await tx.keyRetirement.update({ where: { id: retirementId }, data: { status: "kept", finishedAt: now, outcome: `kept: ${reason}` } });
      return { value: undefined, outcome: "denied" as const, target, details: { retirementId, kept: reason } };
    }
    if (current) await deleteAccessKey(user, r.access_key_id);
    const at = new Date();
    await tx.keyRetirement.update({
      where: { id: retirementId },
      data: { status: "deleted", finishedAt: at, outcome: current ? "deleted" : "already gone from AWS" },
    });
    await tx.accessKey.update({ where: { id: r.key_row_id }, data: { deletedAt: at } });
    await tx.accessKeyEvent.create({
      data: { accessKeyId: r.key_row_id, at, kind: "deleted", from: current ? current.status.toUpperCase() : "INACTIVE", to: null },
    });
    outcome = "deleted";
    return { value: undefined, target, details: { retirementId } };
  });
  return outcome;
}
