import { describe, expect, it } from "vitest";
import { inlineValues } from "@/lib/audit/literals";

describe("inlineValues", () => {
  it("quotes each value as a literal, in order, NULL for null and undefined", () => {
    expect(inlineValues("SELECT $1, $2::jsonb, $3, $10", ["a", '{"k":1}', null, undefined, 5, 6, 7, 8, 9, 42])).toBe(
      `SELECT 'a', '{"k":1}'::jsonb, NULL, '42'`,
    );
  });

  it("escapes quotes and backslashes, so a value cannot end its literal", () => {
    const sql = inlineValues("INSERT INTO t (v) SELECT $1", ["x'); DROP TABLE t; --\\"]);
    expect(sql).toBe(`INSERT INTO t (v) SELECT  E'x''); DROP TABLE t; --\\\\'`);
  });

  it("leaves $n inside quoted text and identifiers alone", () => {
    expect(inlineValues(`SELECT '$1', "$1", $1`, ["v"])).toBe(`SELECT '$1', "$1", 'v'`);
  });

  it("declines what it cannot inline faithfully: dates, arrays, buffers, dollar quoting, a missing value", () => {
    expect(inlineValues("SELECT $1", [new Date()])).toBeNull();
    expect(inlineValues("SELECT $1", [["a"]])).toBeNull();
    expect(inlineValues("SELECT $1", [Buffer.from("a")])).toBeNull();
    expect(inlineValues("SELECT $$x$$, $1", ["a"])).toBeNull();
    expect(inlineValues("SELECT $2", ["a"])).toBeNull();
  });
});
