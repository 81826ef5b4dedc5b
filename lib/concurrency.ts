// A counting semaphore: at most `max` of the functions given to the limiter run at once;
// the rest wait in arrival order. (What p-limit does, in a dozen lines.)

export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError("max must be a positive integer");
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}

/**
 * Runs `fn` over `items` with at most `lanes` calls in flight, in order of the items. Unlike
 * mapping every item through a limiter, only the lanes wait: a list of thousands (the users
 * of a big AWS account) never becomes thousands of suspended calls held at once. The first
 * rejection stops the lanes taking further items and is thrown once the calls in flight end.
 */
export async function forEachInLanes<T>(items: readonly T[], lanes: number, fn: (item: T) => Promise<void>): Promise<void> {
  if (!Number.isInteger(lanes) || lanes < 1) throw new RangeError("lanes must be a positive integer");
  let next = 0;
  let failed: { error: unknown } | undefined;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  if (failed) throw failed.error;
}
