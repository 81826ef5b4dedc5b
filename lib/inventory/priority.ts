// pg-boss runs the highest priority first. An account's sync is ranked by its number of IAM
// users (its per-user calls are most of its time, and IAM's per-account rate bounds them), so
// the longest accounts start first and the run does not end waiting on one of them.
// A first sync's listings (lib/inventory/list-phase.ts) are what tells the sizes: they rank
// above every account's keys except those of accounts of more than LISTING_PRIORITY users,
// whose keys start as soon as they are listed, beside the listings still going (they are the
// ones that would set the end of the run; the rest wait until every account is listed).
export const SIZE_CAP = 1_000_000;
export const LISTING_PRIORITY = 1_000;

export function sizePriority(users: number): number {
  return Math.max(0, Math.min(Math.round(users), SIZE_CAP));
}
