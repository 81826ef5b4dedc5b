// pg-boss runs the highest priority first. An account's sync is ranked by its number of IAM
// users (its per-user calls are most of its time, and IAM's per-account rate bounds them), so
// the longest accounts start first and the run does not end waiting on one of them. The
// listings of a first sync (lib/inventory/list-phase.ts) rank above every account: they are
// what tells the sizes.
export const SIZE_CAP = 1_000_000;
export const LISTING_PRIORITY = SIZE_CAP + 1;

export function sizePriority(users: number): number {
  return Math.max(0, Math.min(Math.round(users), SIZE_CAP));
}
