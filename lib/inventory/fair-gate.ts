import "server-only";
import { env } from "@/lib/env";

// The worker's bound on IAM requests in flight across every account it syncs at once,
// shared fairly: each account waits in its own queue and a free slot goes to the next
// account in turn (round-robin), so a 20,000-user account's ListAccessKeys calls
// interleave with a 3-user account's instead of running ahead of them. A slot is held for
// one HTTP attempt only (lib/aws/iam.ts takes it inside the SDK's retry loop): an account
// backing off from throttling waits outside the gate and never holds the others up.

export type Gate = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

export function createFairGate(max: number): Gate {
  if (!Number.isInteger(max) || max < 1) throw new RangeError("max must be a positive integer");
  let active = 0;
  // Insertion order is the turn order: an account served goes to the back of the ring.
  const waiting = new Map<string, (() => void)[]>();
  const release = () => {
    active--;
    const next = waiting.entries().next();
    if (next.done) return;
    const [key, queue] = next.value;
    waiting.delete(key);
    const wake = queue.shift();
    if (queue.length) waiting.set(key, queue);
    active++;
    wake?.();
  };
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    if (active >= max) {
      // The slot is handed over by release() (active already counts it).
      await new Promise<void>((resolve) => {
        const queue = waiting.get(key);
        if (queue) queue.push(resolve);
        else waiting.set(key, [resolve]);
      });
    } else active++;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}

const globalForGate = globalThis as unknown as { keylessInventoryGate?: Gate };

/** The process's gate, sized by KEYLESS_INVENTORY_GLOBAL_CONCURRENCY. */
export function inventoryGate(): Gate {
  globalForGate.keylessInventoryGate ??= createFairGate(env().KEYLESS_INVENTORY_GLOBAL_CONCURRENCY);
  return globalForGate.keylessInventoryGate;
}
