import { describe, expect, it } from "vitest";
import { ScimError } from "@/lib/scim/errors";
import { checkPatch } from "@/lib/scim/patch";
import type { PatchOperation } from "@/lib/scim/patch-operation";

const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const current = { userName: "alice@example.com", emails: [{ type: "work", value: "alice@example.com" }], active: true };
const ops = (...Operations: unknown[]) => checkPatch({ schemas: [PATCH], Operations }, current).Operations;
const refusal = (body: unknown) => {
  try {
    checkPatch(body, current);
  } catch (error) {
    return error instanceof ScimError ? `${error.status} ${error.scimType}` : `not a SCIM error: ${String(error)}`;
  }
  return "accepted";
};

describe("PATCH messages before scimmy applies them", () => {
  it("passes Okta's operations through as sent", () => {
    const sent: PatchOperation[] = [
      { op: "replace", value: { active: false } },
      { op: "add", path: "members", value: [{ value: "u1" }] },
      { op: "remove", path: 'members[value eq "u1"]' },
    ];
    expect(ops(...sent)).toEqual(sent);
  });

  it("translates Entra ID's dialect into the RFC's", () => {
    expect(ops({ op: "Replace", path: "active", value: "False" })).toEqual([{ op: "replace", path: "active", value: false }]);
    expect(ops({ op: "Replace", value: { active: "True" } })).toEqual([{ op: "replace", value: { active: true } }]);
    // A filtered value that does not exist yet is added; one that exists is left to scimmy.
    expect(ops({ op: "Add", path: 'phoneNumbers[type eq "work"].value', value: "+1 555" })).toEqual([
      { op: "add", path: "phoneNumbers", value: [{ type: "work", value: "+1 555" }] },
    ]);
    expect(ops({ op: "Replace", path: 'emails[type eq "work"].value', value: "new@example.com" })).toEqual([
      { op: "replace", path: 'emails[type eq "work"].value', value: "new@example.com" },
    ]);
  });

  it.each<[string, unknown]>([
    ["no schemas", { Operations: [{ op: "replace", value: { active: false } }] }],
    ["another schema", { schemas: ["urn:x"], Operations: [{ op: "replace", value: {} }] }],
    ["no operations", { schemas: [PATCH], Operations: [] }],
    ["1,001 operations", { schemas: [PATCH], Operations: Array.from({ length: 1001 }, () => ({ op: "add", path: "title", value: "x" })) }],
    ["a bad op", { schemas: [PATCH], Operations: [{ op: "move", path: "active" }] }],
    ["not an object", null],
  ])("refuses %s as invalid syntax", (_what, body) => {
    expect(refusal(body)).toBe("400 invalidSyntax");
  });

  it.each([
    "",
    "[[[",
    'emails[type eq "work"',
    'emails[type eq "work" or ]',
    "emails[type]",
    "emails[]",
    'members[value eq "x"]]',
    "name..givenName",
    "a b",
  ])("refuses the path %j as invalidPath", (path) => {
    expect(refusal({ schemas: [PATCH], Operations: [{ op: "remove", path }] })).toBe("400 invalidPath");
  });

  it("refuses removal values that would widen scimmy's match", () => {
    for (const value of [
      [{ value: 'x" or value pr or value eq "y' }],
      [{ value: "x\\" }],
      [{ 'value pr or value eq "x"': "y" }],
      [{ value: { nested: 1 } }],
    ]) {
      expect(refusal({ schemas: [PATCH], Operations: [{ op: "Remove", path: "members", value }] })).toBe("400 invalidValue");
    }
  });
});
