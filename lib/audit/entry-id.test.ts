import { describe, expect, it } from "vitest";
import { auditEntryId } from "./entry-id";

describe("auditEntryId", () => {
  it("accepts ids up to the bigint maximum", () => {
    expect(auditEntryId().safeParse("1").success).toBe(true);
    expect(auditEntryId().safeParse("9223372036854775807").success).toBe(true);
  });
  it("refuses ids past the bigint maximum, signs and non-digits", () => {
    for (const bad of ["9223372036854775808", "9999999999999999999", "-1", "1e3", "", "12345678901234567890"])
      expect(auditEntryId().safeParse(bad).success, bad).toBe(false);
  });
});
