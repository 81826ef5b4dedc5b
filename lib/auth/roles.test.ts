import { describe, expect, it } from "vitest";
import { groupsFromClaim, rolesFromGroups } from "@/lib/auth/roles";

const mapping = { adminGroups: ["aws-admins"], managerGroups: ["eng-managers"] };

describe("rolesFromGroups", () => {
  it("makes every signed-in person an engineer", () => {
    expect(rolesFromGroups([], mapping)).toEqual(["engineer"]);
  });
  it("maps manager and admin groups by configuration", () => {
    expect(rolesFromGroups(["engineering", "eng-managers"], mapping)).toEqual(["engineer", "manager"]);
    expect(rolesFromGroups(["platform", "aws-admins"], mapping)).toEqual(["engineer", "admin"]);
  });
  it("matches group names exactly", () => {
    expect(rolesFromGroups(["AWS-ADMINS", "aws-admins-x"], mapping)).toEqual(["engineer"]);
  });
});

describe("groupsFromClaim", () => {
  it("accepts an array or a single string and drops junk", () => {
    expect(groupsFromClaim(["a", 1, "", "b"])).toEqual(["a", "b"]);
    expect(groupsFromClaim("solo")).toEqual(["solo"]);
    expect(groupsFromClaim(undefined)).toEqual([]);
    expect(groupsFromClaim({ a: 1 })).toEqual([]);
  });
});
