import type { RotationPolicy } from "@/lib/inventory/policy";

// The age distribution's buckets: round numbers plus the policy's own thresholds, so the
// chart's bars line up with where keys turn due and overdue.

export type AgeBucket = { from: number; to: number | null; label: string };

export function ageBuckets(policy: RotationPolicy): AgeBucket[] {
  const edges = [...new Set([30, 60, policy.warnDays, policy.rotateDays, 180, 365])].sort((a, b) => a - b);
  const starts = [0, ...edges];
  return starts.map((from, i) => {
    const next = starts[i + 1];
    const to = next === undefined ? null : next - 1;
    return { from, to, label: to === null ? `${from}+` : `${from}–${to}` };
  });
}
