import "server-only";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { DEFAULT_ROTATION_POLICY, rotationPolicySchema, type RotationPolicy } from "@/lib/inventory/policy";
import { readSetting, settingUpdatedAt, writeSetting } from "@/lib/settings/store";

const KEY = "inventory.rotation_policy";

/** The policy in force. Internal: the DAL functions that use it have checked the caller. */
export async function currentRotationPolicy(): Promise<RotationPolicy> {
  return readSetting(KEY, rotationPolicySchema, { ...DEFAULT_ROTATION_POLICY });
}

export async function getRotationPolicy(caller: Caller) {
  await requirePermission(caller, "keys.read.own");
  const [policy, meta] = await Promise.all([currentRotationPolicy(), settingUpdatedAt(KEY)]);
  return { policy, updatedAt: meta?.updatedAt.toISOString() ?? null, updatedBy: meta?.updatedBy ?? null, isDefault: meta === null };
}

export async function updateRotationPolicy(caller: Caller, raw: unknown): Promise<RotationPolicy> {
  await requirePermission(caller, "settings.manage");
  const next = rotationPolicySchema.parse(raw);
  const before = await currentRotationPolicy();
  return withAudit(caller, "settings.rotation_policy.update", { type: "setting", id: KEY }, async () => {
    await writeSetting(KEY, next, caller.kind === "user" ? caller.email : `system:${caller.name}`);
    return { value: next, details: { before, after: next } };
  });
}
