import { describe, expect, it } from "vitest";
import { nextRotationAfter, planDueRotations, type DueCandidate } from "@/lib/rotation/schedule-plan";

const DAY = 86_400_000;
const now = new Date("2026-06-01T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

function candidate(
  id: string,
  lastRotatedDaysAgo: number | null,
  intervalDays: number,
  nextDueDaysAgo: number | null,
  createdDaysAgo = 400,
): DueCandidate {
  return {
    id,
    lastRotatedAt: lastRotatedDaysAgo === null ? null : daysAgo(lastRotatedDaysAgo),
    rotationIntervalDays: intervalDays,
    nextRotationAt: nextDueDaysAgo === null ? null : daysAgo(nextDueDaysAgo),
    createdAt: daysAgo(createdDaysAgo),
  };
}

describe("planDueRotations", () => {
  it("starts only integrations whose next rotation time has passed", () => {
    const plan = planDueRotations(
      [candidate("due", 31, 30, 1), candidate("later", 10, 30, -20), candidate("never", null, 30, null)],
      now,
      10,
    );
    expect(plan.map((p) => p.id)).toEqual(["due"]);
  });

  it("orders by how far the key is past its interval, most overdue first", () => {
    const plan = planDueRotations(
      [
        candidate("a-slightly", 91, 90, 0.5), // 1 day past a 90-day interval
        candidate("b-very", 200, 90, 100), // 110 days past
        candidate("c-weekly", 10, 7, 3), // 3 days past a 7-day interval
      ],
      now,
      10,
    );
    expect(plan.map((p) => p.id)).toEqual(["b-very", "c-weekly", "a-slightly"]);
  });

  it("measures a never-rotated integration's key from when it was taken over", () => {
    const plan = planDueRotations([candidate("rotated", 100, 90, 10), candidate("taken-over", null, 90, 0, 150)], now, 10);
    expect(plan.map((p) => p.id)).toEqual(["taken-over", "rotated"]);
  });

  it("is bounded per tick, keeping the most overdue", () => {
    const many = Array.from({ length: 50 }, (_, i) => candidate(`i${String(i).padStart(2, "0")}`, 100 + i, 90, 1));
    const plan = planDueRotations(many, now, 5);
    expect(plan.map((p) => p.id)).toEqual(["i49", "i48", "i47", "i46", "i45"]);
  });

  it("labels a key more than a day past its interval as overdue, otherwise scheduled", () => {
    const plan = planDueRotations([candidate("on-time", 30.2, 30, 0.2), candidate("late", 35, 30, 5)], now, 10);
    expect(Object.fromEntries(plan.map((p) => [p.id, p.trigger]))).toEqual({ late: "overdue", "on-time": "scheduled" });
  });
});

describe("nextRotationAfter", () => {
  it("waits the interval after a success, a day after a failure", () => {
    expect(nextRotationAfter(true, now, 90).getTime() - now.getTime()).toBe(90 * DAY);
    expect(nextRotationAfter(false, now, 90).getTime() - now.getTime()).toBe(DAY);
    expect(nextRotationAfter(false, now, 0.5).getTime() - now.getTime()).toBe(DAY / 2);
  });
});
