import "server-only";
import { cache } from "react";
import { withAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { requirePermission } from "@/lib/auth/guard";
import { DEFAULT_ROTATION_POLICY, rotationPolicySchema, type RotationPolicy } from "@/lib/inventory/policy";
import { readSetting, writeSetting } from "@/lib/settings/store";

const KEY = "inventory.rotation_policy";

// Read once per request however many parts of a page need it (react's cache is per
// request in server components; elsewhere, e.g. the worker, it simply calls through).
const readPolicy = cache(() => readSetting(KEY, rotationPolicySchema, { ...DEFAULT_ROTATION_POLICY }));

/** The policy in force. Internal: the DAL functions that use it have checked the caller. */
export async function currentRotationPolicy(): Promise<RotationPolicy> {
  return (await readPolicy()).value;
}

export async function getRotationPolicy(caller: Caller) {
  await requirePermission(caller, "keys.read.own");
  const { value, meta } = await readPolicy();
  return { policy: value, updatedAt: meta?.updatedAt.toISOString() ?? null, updatedBy: meta?.updatedBy ?? null, isDefault: meta === null };
}

export async function updateRotationPolicy(caller: Caller, raw: unknown): Promise<RotationPolicy> {
  await requirePermission(caller, "settings.manage");
  const next = rotationPolicySchema.parse(raw);
  const before = await currentRotationPolicy();
  return withAudit(caller, "settings.rotation_policy.update", { type: "setting", id: KEY }, async (tx) => {
    await writeSetting(KEY, next, caller.kind === "user" ? caller.email : `system:${caller.name}`, tx);
    return { value: next, details: { before, after: next } };
  });
}
