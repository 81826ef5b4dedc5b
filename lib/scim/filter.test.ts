import { describe, expect, it } from "vitest";
import { ScimError } from "@/lib/scim/errors";
import { equalityTerms } from "@/lib/scim/filter";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const users = (f: string) => equalityTerms(f, ["userName", "externalId", "id"], USER);
const refusal = (f: string) => {
  try {
    users(f);
  } catch (error) {
    return error instanceof ScimError ? `${error.status} ${error.scimType}` : `not a SCIM error: ${String(error)}`;
  }
  return "accepted";
};

describe("SCIM filters (what IdPs send, and nothing wider)", () => {
  it("reads Okta's and Entra's lookups", () => {
    expect(users('userName eq "alice@example.com"')).toEqual([{ attribute: "userName", value: "alice@example.com" }]);
    expect(users('UserName EQ "Alice@Example.com"')).toEqual([{ attribute: "userName", value: "Alice@Example.com" }]);
    expect(users(`${USER}:userName eq "a@b.c"`)).toEqual([{ attribute: "userName", value: "a@b.c" }]);
    expect(users('externalId eq "00u1" and userName eq "a@b.c"')).toEqual([
      { attribute: "externalId", value: "00u1" },
      { attribute: "userName", value: "a@b.c" },
    ]);
    const groups = equalityTerms(
      'id eq "g" and members[value eq "u"]',
      ["id", "members.value"],
      "urn:ietf:params:scim:schemas:core:2.0:Group",
    );
    expect(groups).toEqual([
      { attribute: "id", value: "g" },
      { attribute: "members.value", value: "u" },
    ]);
  });

  it.each([
    'userName eq "x" or userName pr',
    "userName pr",
    'userName co "@"',
    'userName ne "x"',
    'not (userName eq "x")',
    'userName eq "a" and userName eq "b"',
    'title eq "CTO"',
    'password eq "demo"',
    "active eq true",
    'emails[value eq "x"]',
    'userName eq "x" and',
    'or userName eq "x"',
    'userName eq "x\\" or userName pr or userName eq \\"y"',
    "userName eq 'x'",
    'eq "x"',
    "userName",
    '"x"',
    'userName eq "x"; DROP TABLE users',
  ])("refuses %s with a 400 invalidFilter", (f) => {
    expect(refusal(f)).toBe("400 invalidFilter");
  });

  it("keeps quotes and SQL in a value as a literal value", () => {
    expect(users("userName eq \"x' OR '1'='1\"")).toEqual([{ attribute: "userName", value: "x' OR '1'='1" }]);
    expect(users('userName eq "%_*"')).toEqual([{ attribute: "userName", value: "%_*" }]);
  });
});
