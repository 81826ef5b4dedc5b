import { describe, expect, it } from "vitest";
import { ownerAndTeam } from "@/lib/inventory/owner";

describe("ownerAndTeam", () => {
  it("reads the configured tags case-insensitively and lower-cases the owner", () => {
    expect(ownerAndTeam({ Owner: " Alice@Example.com ", Team: "Platform" }, ["owner"], ["team"])).toEqual({
      owner: "alice@example.com",
      team: "Platform",
    });
  });
  it("takes the first configured key present, and ignores blank values", () => {
    expect(ownerAndTeam({ email: "bob@example.com", owner: " " }, ["owner", "email"], ["team"])).toEqual({
      owner: "bob@example.com",
      team: null,
    });
  });
  it("gives null without tags", () => {
    expect(ownerAndTeam({}, ["owner"], ["team"])).toEqual({ owner: null, team: null });
  });
});
