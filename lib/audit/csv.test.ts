import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "@/lib/audit/csv";

describe("csv", () => {
  it("quotes commas, quotes and newlines", () => {
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
  });
  it("defuses formula injection", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("-2+3")).toBe("'-2+3");
  });
  it("serialises objects as JSON and nulls as empty", () => {
    expect(toCsv(["a", "b"], [[{ x: 1 }, null]])).toBe('a,b\r\n"{""x"":1}",\r\n');
  });
});
