import { describe, expect, it } from "vitest";
import { createFairGate } from "@/lib/inventory/fair-gate";

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
