import "server-only";
import { env } from "@/lib/env";

// The worker's bound on IAM requests in flight across every account it syncs at once,
// shared fairly: each account waits in its own queue, and a free slot goes to the waiting
// account that has had the least of the gate for its weight (stride scheduling; ties in
// turn, round-robin). The weight is the work an account has left (its users still to read),
// so the biggest account is not held to an equal share while smaller ones come and go: on a
// 1,000-account sync it set the end of the run at 8 calls/s of the 20 IAM allows it
// (bench/RESULTS.md §6). Every waiting account's share grows as it waits, so none starves.
// A slot is held for one HTTP attempt only (lib/aws/iam.ts takes it inside the SDK's retry
// loop): an account backing off from throttling waits outside the gate.

/** Runs `fn` when `key`'s turn comes; `weight` (≥ 1, default 1) is the share it asks for. */
export type Gate = <T>(key: string, fn: () => Promise<T>, weight?: number) => Promise<T>;

export function createFairGate(max: number): Gate {
  if (!Number.isInteger(max) || max < 1) throw new RangeError("max must be a positive integer");
  let active = 0;
  // Insertion order is the turn order among equals: an account served goes to the back.
  const waiting = new Map<string, (() => void)[]>();
  // Each account's use of the gate so far, in slots divided by its weight ("pass").
  const pass = new Map<string, number>();
  const weight = new Map<string, number>();
  // The pass of the last account served: one that starts waiting begins there, so an account
  // new to the gate (or back after a while) gets its share from now on, not a backlog.
  let clock = 0;
  const release = () => {
    active--;
    let chosen: string | undefined;
    for (const key of waiting.keys()) if (chosen === undefined || pass.get(key)! < pass.get(chosen)!) chosen = key;
    if (chosen === undefined) return;
    const queue = waiting.get(chosen)!;
    waiting.delete(chosen);
    const wake = queue.shift();
    if (queue.length) waiting.set(chosen, queue);
    clock = pass.get(chosen)!;
    pass.set(chosen, clock + 1 / weight.get(chosen)!);
    active++;
    wake?.();
  };
  return async <T>(key: string, fn: () => Promise<T>, share = 1): Promise<T> => {
    if (active >= max) {
      weight.set(key, Math.min(MAX_SHARE, Math.max(1, share)));
      // The slot is handed over by release() (active already counts it).
      await new Promise<void>((resolve) => {
        const queue = waiting.get(key);
        if (queue) queue.push(resolve);
        else {
          pass.set(key, Math.max(pass.get(key) ?? clock, clock));
          waiting.set(key, [resolve]);
        }
      });
    } else active++;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}

/**
 * An account's weight at the gate from the users it has left to read: one share per 100
 * users, at least 1 and at most MAX_SHARE, so the biggest account gets up to 50 slots for a
 * small account's one, and a small account waits at most that long behind it.
 */
export const MAX_SHARE = 50;
export function shareFor(usersLeft: number): number {
  return Math.min(MAX_SHARE, Math.max(1, usersLeft / 100));
}

const globalForGate = globalThis as unknown as { keylessInventoryGate?: Gate };

/** The process's gate, sized by KEYLESS_INVENTORY_GLOBAL_CONCURRENCY. */
export function inventoryGate(): Gate {
  globalForGate.keylessInventoryGate ??= createFairGate(env().KEYLESS_INVENTORY_GLOBAL_CONCURRENCY);
  return globalForGate.keylessInventoryGate;
}
