import { describe, expect, it } from "vitest";
import { createLimiter, forEachInLanes } from "@/lib/concurrency";

describe("createLimiter", () => {
  it("never runs more than max at once, and runs everything", async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 1 + (i % 4)));
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("frees the slot when a task fails", async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit(async () => "next")).resolves.toBe("next");
  });
});

describe("forEachInLanes", () => {
  it("runs every item once, in order, never more than the lanes at once", async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    await forEachInLanes(
      Array.from({ length: 25 }, (_, i) => i),
      4,
      async (i) => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 1 + (i % 3)));
        running--;
      },
    );
    expect(peak).toBe(4);
    expect(started).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it("stops taking items at the first failure, lets the calls in flight end, then throws it", async () => {
    const started: number[] = [];
    let inFlightEnded = false;
    const run = forEachInLanes([0, 1, 2, 3, 4, 5, 6, 7], 2, async (i) => {
      started.push(i);
      if (i === 0) throw new Error("boom");
      await new Promise((r) => setTimeout(r, 5));
      inFlightEnded = true;
    });
    await expect(run).rejects.toThrow("boom");
    expect(started).toEqual([0, 1]);
    expect(inFlightEnded).toBe(true);
  });

  it("does nothing for no items and refuses a lane count that is not a positive integer", async () => {
    await expect(forEachInLanes([], 3, () => Promise.reject(new Error("never")))).resolves.toBeUndefined();
    await expect(forEachInLanes([1], 0, async () => undefined)).rejects.toThrow(RangeError);
  });
});
