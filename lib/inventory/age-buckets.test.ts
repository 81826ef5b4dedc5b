import { describe, expect, it } from "vitest";
import { ageBuckets } from "@/lib/inventory/age-buckets";
import { DEFAULT_ROTATION_POLICY } from "@/lib/inventory/policy";

describe("ageBuckets", () => {
  it("lines bars up with the policy's warning and rotation ages", () => {
    expect(ageBuckets(DEFAULT_ROTATION_POLICY).map((b) => b.label)).toEqual([
      "0–29",
      "30–59",
      "60–74",
      "75–89",
      "90–179",
      "180–364",
      "365+",
    ]);
  });
  it("merges thresholds that coincide with round numbers", () => {
    const labels = ageBuckets({ rotateDays: 60, warnDays: 30, unusedDays: 90, neverUsedDays: 7 }).map((b) => b.label);
    expect(labels).toEqual(["0–29", "30–59", "60–179", "180–364", "365+"]);
  });
});
