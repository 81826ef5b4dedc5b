import { describe, expect, it } from "vitest";
import { packRoles, roleRows, searchIndex, unpackRoles, type PickerRole } from "@/lib/credentials/role-groups";

/** A role with nothing special about it, as the page unpacks it. */
function role(accountId: string, accountName: string, roleName: string, description: string | null = null): PickerRole {
  const id = `${accountId}-${roleName}`;
  return unpackRoles({
    accounts: [[accountId, accountName]],
    roles: [{ id, roleName, description, maxDurationSeconds: 3600, account: 0 }],
  })[0]!;
}

// As the server orders them: by account name, then role name.
const roles = [
  role("600000000010", "billing-prod-0010", "Admin"),
  role("600000000010", "billing-prod-0010", "ReadOnly", "Read-only access"),
  role("600000000020", "payments-dev-0020", "Admin"),
  role("600000000020", "payments-dev-0020", "DataEngineer"),
  role("600000000020", "payments-dev-0020", "ReadOnly"),
];
const index = searchIndex(roles);
const shape = (q: string, collapsed: string[] = []) =>
  roleRows(roles, index, q, new Set(collapsed)).rows.map((r) =>
    r.kind === "account" ? `${r.name} ${r.shown}/${r.total}${r.collapsed ? " collapsed" : ""}` : `  ${r.role.roleName}`,
  );

describe("roleRows", () => {
  it("groups roles under their account with counts", () => {
    expect(shape("")).toEqual([
      "billing-prod-0010 2/2",
      "  Admin",
      "  ReadOnly",
      "payments-dev-0020 3/3",
      "  Admin",
      "  DataEngineer",
      "  ReadOnly",
    ]);
    expect(roleRows(roles, index, "", new Set()).accounts).toBe(2);
  });

  it("narrows by role, account name, account id and description, every word matching", () => {
    expect(shape("readonly pay")).toEqual(["payments-dev-0020 1/3", "  ReadOnly"]);
    expect(shape("600000000010")).toEqual(["billing-prod-0010 2/2", "  Admin", "  ReadOnly"]);
    expect(shape("  READ-ONLY ")).toEqual(["billing-prod-0010 1/2", "  ReadOnly"]);
    expect(roleRows(roles, index, "nothing-like-it", new Set())).toMatchObject({ rows: [], matches: 0 });
  });

  it("keeps a collapsed account's header and hides its roles, but shows matches while searching", () => {
    expect(shape("", ["600000000020"])).toEqual(["billing-prod-0010 2/2", "  Admin", "  ReadOnly", "payments-dev-0020 3/3 collapsed"]);
    expect(shape("data", ["600000000020"])).toEqual(["payments-dev-0020 1/3", "  DataEngineer"]);
  });
});

describe("packRoles", () => {
  it("sends each account once and only the fields that differ, and unpacks to the same roles", () => {
    const listed = roles.map((r, i) => ({ ...r, roleArn: `arn:aws:iam::${r.accountId}:role/${r.roleName}`, ...(i === 2 ? gated : {}) }));
    const packed = packRoles(listed);
    expect(packed.accounts).toEqual([
      ["600000000010", "billing-prod-0010"],
      ["600000000020", "payments-dev-0020"],
    ]);
    expect(packed.roles[0]).toEqual({ id: roles[0]!.id, roleName: "Admin", description: null, maxDurationSeconds: 3600, account: 0 });
    expect(packed.roles[2]?.extras).toEqual(gated);
    expect(JSON.stringify(packed)).not.toContain("arn:aws");
    expect(unpackRoles(packed)).toEqual(listed.map(({ roleArn: _arn, ...r }) => r));
  });
});

const gated = {
  requiresApproval: true,
  grant: { id: "g1", expiresAt: "2026-12-07T10:00:00.000Z" },
  breakGlassMaxSeconds: 900,
  canRequest: false,
  requesterGroups: ["sre"],
  grantIsBreakGlass: true,
  deliveryMode: "WEB_IDENTITY" as const,
};
