import { describe, expect, it } from "vitest";
import { hasPermission, PERMISSIONS, ROLE_PERMISSIONS, SYSTEM_PERMISSIONS, type Permission } from "@/lib/permissions";

describe("permissions table", () => {
  it("engineers may get credentials and see only their own things", () => {
    const e = ["engineer"] as const;
    for (const p of [
      "credentials.issue",
      "console.open",
      "roles.list",
      "keys.read.own",
      "audit.read.own",
      "requests.create",
    ] as Permission[]) {
      expect(hasPermission(e, p), p).toBe(true);
    }
    for (const p of [
      "keys.read.all",
      "audit.read.all",
      "accounts.manage",
      "roles.manage",
      "requests.decide",
      "inventory.sync",
      "integrations.manage",
    ] as Permission[]) {
      expect(hasPermission(e, p), p).toBe(false);
    }
  });

  it("managers add deciding requests and reading the whole inventory, nothing administrative", () => {
    const m = ["engineer", "manager"] as const;
    expect(hasPermission(m, "requests.decide")).toBe(true);
    expect(hasPermission(m, "keys.read.all")).toBe(true);
    expect(hasPermission(m, "accounts.manage")).toBe(false);
    expect(hasPermission(m, "audit.read.all")).toBe(false);
    expect(hasPermission(m, "rotations.run")).toBe(false);
  });

  it("engineers may break glass on roles their groups allow; only managers and admins review it", () => {
    expect(hasPermission(["engineer"], "grants.break-glass")).toBe(true);
    expect(hasPermission(["engineer"], "grants.review")).toBe(false);
    expect(hasPermission(["engineer", "manager"], "grants.review")).toBe(true);
    expect(SYSTEM_PERMISSIONS.has("grants.break-glass")).toBe(false);
    expect(SYSTEM_PERMISSIONS.has("grants.review")).toBe(false);
  });

  it("admins hold every permission", () => {
    for (const p of PERMISSIONS) expect(ROLE_PERMISSIONS.admin.has(p), p).toBe(true);
  });

  it("denies by default: no roles, no permission", () => {
    for (const p of PERMISSIONS) expect(hasPermission([], p)).toBe(false);
  });

  it("every role's grants are real permissions (no typo grants silently nothing)", () => {
    for (const set of [...Object.values(ROLE_PERMISSIONS), SYSTEM_PERMISSIONS]) {
      for (const p of set) expect(PERMISSIONS).toContain(p);
    }
  });

  it("background jobs cannot vend credentials or decide requests", () => {
    expect(SYSTEM_PERMISSIONS.has("credentials.issue")).toBe(false);
    expect(SYSTEM_PERMISSIONS.has("requests.decide")).toBe(false);
  });
});
