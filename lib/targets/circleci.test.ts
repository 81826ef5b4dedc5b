import { describe, expect, it } from "vitest";
import { parseMaskedValue } from "./circleci";
import { describeObservation, observationMatches, type KeyObservation } from "./types";

describe("CircleCI masked values", () => {
  it("reads the visible last four characters of 'xxxx' + suffix", () => {
    expect(parseMaskedValue("xxxxWXYZ")).toBe("WXYZ");
    expect(parseMaskedValue("xxxx7Q2A")).toBe("7Q2A");
  });

  it("refuses to compare when too little is visible", () => {
    expect(parseMaskedValue("xxxx")).toBeNull();
    expect(parseMaskedValue("xxxxAB")).toBeNull();
    expect(parseMaskedValue("AKIAWXYZ")).toBeNull();
  });
});

describe("observationMatches", () => {
  const key = "AKIAIOSFODNN7EXAMPLE";
  const suffix: KeyObservation = { kind: "suffix", suffix: "MPLE", hint: "CircleCI shows only the last 4 characters" };

  it("compares a suffix with the end of the key id only", () => {
    expect(observationMatches(suffix, key)).toBe(true);
    expect(observationMatches(suffix, "AKIAIOSFODNN7EXAMPLX")).toBe(false);
    expect(describeObservation(suffix)).toBe("a key ending in MPLE (CircleCI shows only the last 4 characters)");
  });

  it("is exact where the service shows the value, false when nothing is held, unknown for webhooks", () => {
    expect(observationMatches({ kind: "exact", accessKeyId: key }, key)).toBe(true);
    expect(observationMatches({ kind: "exact", accessKeyId: "AKIAOTHER" }, key)).toBe(false);
    expect(observationMatches({ kind: "absent" }, key)).toBe(false);
    expect(observationMatches({ kind: "unknown", reason: "webhook" }, key)).toBe("unknown");
  });
});
