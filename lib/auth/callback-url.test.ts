import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";

const origin = "http://localhost:3000";

describe("safeCallbackPath", () => {
  it("keeps same-origin paths with their query", () => {
    expect(safeCallbackPath("/admin/accounts?x=1#h", origin)).toBe("/admin/accounts?x=1#h");
    expect(safeCallbackPath("http://localhost:3000/audit", origin)).toBe("/audit");
  });
  it.each([
    "https://evil.example/phish",
    "//evil.example/x",
    "/\\evil.example",
    "javascript:alert(1)",
    "http://localhost:3001/",
    "/\t/evil.example",
    "relative/path",
    "",
  ])("refuses %j", (value) => {
    expect(safeCallbackPath(value, origin)).toBe("/");
  });
});
