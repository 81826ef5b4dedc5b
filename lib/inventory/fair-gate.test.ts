import { describe, expect, it } from "vitest";
import { createFairGate, MAX_SHARE, shareFor } from "@/lib/inventory/fair-gate";

describe("the inventory's fair gate", () => {
  it("gives slots to accounts in turn, so a small account is not queued behind a big one's calls", async () => {
    const gate = createFairGate(1);
    const order: string[] = [];
    let open!: () => void;
    const blocker = gate("big", () => new Promise<void>((r) => (open = r)));
    const calls = [
      ...Array.from({ length: 5 }, (_, i) => gate("big", async () => void order.push(`big${i}`))),
      gate("small", async () => void order.push("small0")),
      gate("small", async () => void order.push("small1")),
    ];
    open();
    await Promise.all([blocker, ...calls]);
    expect(order).toEqual(["big0", "small0", "big1", "small1", "big2", "big3", "big4"]);
  });

  it("never runs more than its size at once, and frees the slot of a call that failed", async () => {
    const gate = createFairGate(3);
    let running = 0;
    let peak = 0;
    const work = (key: string, fail: boolean) =>
      gate(key, async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (fail) throw new Error("throttled");
      });
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => work(`a${i % 4}`, i % 5 === 0)));
    expect(peak).toBe(3);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(6);
    expect(() => createFairGate(0)).toThrow(RangeError);
  });
});

describe("the gate's weights", () => {
  const drain = async (gate: ReturnType<typeof createFairGate>, calls: [string, number][]) => {
    const order: string[] = [];
    let open!: () => void;
    const blocker = gate("x", () => new Promise<void>((r) => (open = r)));
    const done = calls.map(([key, share]) => gate(key, async () => void order.push(key), share));
    open();
    await Promise.all([blocker, ...done]);
    return order;
  };

  it("gives an account slots in proportion to its weight while both wait", async () => {
    const order = await drain(createFairGate(1), [
      ...Array.from({ length: 12 }, (): [string, number] => ["big", 3]),
      ...Array.from({ length: 12 }, (): [string, number] => ["small", 1]),
    ]);
    const first = order.slice(0, 12);
    expect(first.filter((k) => k === "big")).toHaveLength(9);
    expect(first.filter((k) => k === "small")).toHaveLength(3);
  });

  it("never starves a light account: it waits at most MAX_SHARE slots behind the heaviest", async () => {
    const order = await drain(createFairGate(1), [...Array.from({ length: 200 }, (): [string, number] => ["big", 10_000]), ["small", 1]]);
    expect(order.indexOf("small")).toBeGreaterThan(0);
    expect(order.indexOf("small")).toBeLessThanOrEqual(MAX_SHARE + 1);
  });

  it("weighs an account by the users it has left: one share a hundred users, 1 to MAX_SHARE", () => {
    expect(shareFor(0)).toBe(1);
    expect(shareFor(250)).toBe(2.5);
    expect(shareFor(6_547)).toBe(MAX_SHARE);
  });
});
