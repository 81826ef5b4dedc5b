import { env } from "@/lib/env";
import type { TargetNetworkPolicy } from "@/lib/net/target-policy";

/** Where targets may point, from the configuration (lib/net/target-policy.ts has the rules). */
export function targetNetworkPolicy(): TargetNetworkPolicy {
  const e = env();
  return { allowInsecure: e.KEYLESS_ALLOW_INSECURE_TARGETS, allowlist: e.KEYLESS_TARGET_HOST_ALLOWLIST };
}
