import { describe, expect, it } from "vitest";
import { evaluateWindow } from "@/lib/rate-limit/window";

const W = 60_000;

describe("evaluateWindow", () => {
  it("allows up to the limit within one window", () => {
    expect(evaluateWindow({ count: 30, prevCount: 0, elapsedMs: 1000, windowMs: W }, 30).allowed).toBe(true);
    const over = evaluateWindow({ count: 31, prevCount: 0, elapsedMs: 1000, windowMs: W }, 30);
    expect(over.allowed).toBe(false);
    expect(over.firstRefusal).toBe(true);
    // The next window starts in 59 s; there the 31 still weigh until 31·(1 − t/W) + 1 ≤ 30,
    // another 3.9 s: 63 s in all.
    expect(over.retryAfterSeconds).toBe(63);
  });

  it("counts the previous window in proportion to its overlap", () => {
    // A quarter into the window, 3/4 of the previous window's 20 still count: 15 + 16 = 31.
    const d = evaluateWindow({ count: 16, prevCount: 20, elapsedMs: W / 4, windowMs: W }, 30);
    expect(d.estimate).toBeCloseTo(31);
    expect(d.allowed).toBe(false);
    // Room for one more when 20·(1 − t/W) + 16 + 1 ≤ 30 → t ≥ 0.35 W, i.e. 6 s from now.
    expect(d.retryAfterSeconds).toBe(6);
    expect(evaluateWindow({ count: 16, prevCount: 20, elapsedMs: 0.35 * W, windowMs: W }, 30).allowed).toBe(true);
  });

  it("stops a burst that straddles two fixed windows", () => {
    // 30 at the very end of one window and 30 at the start of the next: fixed windows would allow 60.
    expect(evaluateWindow({ count: 30, prevCount: 30, elapsedMs: 500, windowMs: W }, 30).allowed).toBe(false);
  });

  it("keeps refusing (and says so only once) while a client hammers", () => {
    const second = evaluateWindow({ count: 32, prevCount: 0, elapsedMs: 2000, windowMs: W }, 30);
    expect(second.allowed).toBe(false);
    expect(second.firstRefusal).toBe(false);
    expect(second.retryAfterSeconds).toBeGreaterThanOrEqual(58);
  });

  it("never asks to wait less than a second", () => {
    // 120·(1 − 0.508) + 41 = 100.04 > 100; one more fits from 0.5167 W, 0.52 s later.
    const d = evaluateWindow({ count: 41, prevCount: 120, elapsedMs: 0.508 * W, windowMs: W }, 100);
    expect(d.allowed).toBe(false);
    expect(d.retryAfterSeconds).toBe(1);
  });

  it("waits past the window boundary when the current window alone is full", () => {
    // 40 in this window, half way through: the next window starts in 30 s, and then the 40
    // (now previous) must decay until 40·(1 − t/W) + 1 ≤ 30 → t ≥ 0.275 W = 16.5 s.
    const d = evaluateWindow({ count: 40, prevCount: 0, elapsedMs: W / 2, windowMs: W }, 30);
    expect(d.retryAfterSeconds).toBe(47);
  });
});
