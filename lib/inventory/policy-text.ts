import type { RotationPolicy } from "@/lib/inventory/policy";

// Apart from policy.ts so that client components can use it without shipping zod.
export function describePolicy(p: RotationPolicy): string {
  return `rotate at ${p.rotateDays} days (warn from ${p.warnDays}); unused after ${p.unusedDays} days without use, or ${p.neverUsedDays} days if never used.`;
}
