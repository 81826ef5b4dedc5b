import { describe, expect, it } from "vitest";
import type { AwsRole } from "./api-types.js";
import { findRole } from "./roles.js";

const role = (id: string, accountId: string, accountName: string, roleName: string): AwsRole => ({
  id,
  accountId,
  accountName,
  roleName,
  roleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
  maxDurationSeconds: 3600,
  requiresApproval: false,
});
const roles = [
  role("r1", "111111111111", "Sandbox", "Developer"),
  role("r2", "222222222222", "Production", "Developer"),
  role("r3", "222222222222", "Production", "ReadOnly"),
];

describe("findRole", () => {
  it("takes account id or name with the role name, the ARN, or the id", () => {
    expect(findRole(roles, "111111111111/Developer")).toEqual({ role: roles[0] });
    expect(findRole(roles, "production/developer")).toEqual({ role: roles[1] });
    expect(findRole(roles, "arn:aws:iam::222222222222:role/ReadOnly")).toEqual({ role: roles[2] });
    expect(findRole(roles, "r3")).toEqual({ role: roles[2] });
    expect(findRole(roles, "ReadOnly")).toEqual({ role: roles[2] });
  });

  it("says when a bare role name is ambiguous, and when nothing matches", () => {
    expect(findRole(roles, "Developer")).toMatchObject({
      error: expect.stringContaining("111111111111/Developer, 222222222222/Developer") as unknown,
    });
    expect(findRole(roles, "Sandbox/Admin")).toEqual({ error: "You have no role “Sandbox/Admin”." });
  });
});
