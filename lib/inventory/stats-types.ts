import type { AgeBucket } from "@/lib/inventory/age-buckets";
import type { KeyState } from "@/lib/inventory/key-age-state";

// The keys page's counts, as stats.ts computes them, stats-cache.ts keeps them and the page
// renders them. A module of its own so the cache need not import what it caches for.

export type KeyStats = {
  byState: Record<KeyState, number>;
  /** Not deleted, per age bucket, split by state. */
  ages: (AgeBucket & { counts: Record<KeyState, number> })[];
  total: number;
};
