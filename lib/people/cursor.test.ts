import { describe, expect, it } from "vitest";
import { decodePeopleCursor, encodePeopleCursor } from "@/lib/people/cursor";

const raw = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64url");

describe("the People list's cursor", () => {
  it("round-trips what the list issued", () => {
    const c = { sort: "-lastSignIn" as const, value: "2026-12-06T10:00:00.123456", id: "cm1abc" };
    expect(decodePeopleCursor(encodePeopleCursor(c), "-lastSignIn")).toEqual(c);
    const e = { sort: "email" as const, value: "o'brien@example.com", id: "u-0a1b" };
    expect(decodePeopleCursor(encodePeopleCursor(e), "email")).toEqual(e);
  });

  it("refuses, as bad input, anything that could reach the query in the wrong form", () => {
    const bad: [string, "email" | "lastSignIn"][] = [
      ["not base64 json", "email"],
      [raw({ s: "email", v: "a", k: "x" }).slice(0, 5), "email"],
      [raw({ s: "lastSignIn", v: "yesterday", k: "x" }), "lastSignIn"],
      [raw({ s: "lastSignIn", v: "2026-13-45T99:00:00.000000", k: "x" }), "lastSignIn"],
      [raw({ s: "email", v: "a\u0000b", k: "x" }), "email"],
      [raw({ s: "email", v: "a", k: "x' OR 1=1 --" }), "email"],
      [raw({ s: "nope", v: "a", k: "x" }), "email"],
    ];
    for (const [cursor, sort] of bad) expect(() => decodePeopleCursor(cursor, sort), cursor).toThrow(/not one Keyless issued/);
    expect(() => decodePeopleCursor(raw({ s: "lastSignIn", v: "2026-12-06T10:00:00.123456", k: "x" }), "lastSignIn")).not.toThrow();
  });

  it("belongs to one sort", () => {
    const c = encodePeopleCursor({ sort: "name", value: "alice", id: "x" });
    expect(() => decodePeopleCursor(c, "-name")).toThrow(/belongs to sort “name”/);
  });
});
