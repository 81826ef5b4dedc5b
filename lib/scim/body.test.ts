import { describe, expect, it } from "vitest";
import { checkShape } from "@/lib/scim/body";
import { ScimError } from "@/lib/scim/errors";

const refusal = (value: unknown) => {
  try {
    checkShape(value);
  } catch (error) {
    return error instanceof ScimError ? `${error.status} ${error.scimType}` : String(error);
  }
  return "accepted";
};

describe("SCIM body shape", () => {
  it("accepts a User with the enterprise extension", () => {
    const user = { userName: "a@b.c", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { manager: { value: "m" } } };
    expect(refusal(user)).toBe("accepted");
  });

  it("refuses deep nesting without exhausting the stack, and NUL anywhere", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal(deep)).toBe("400 invalidSyntax");
    expect(refusal({ displayName: "a\u0000b" })).toBe("400 invalidValue");
    expect(refusal({ ["key\u0000"]: 1 })).toBe("400 invalidValue");
    expect(refusal([{ members: [{ value: "\u0000" }] }])).toBe("400 invalidValue");
  });
});
