import type { Role } from "@/lib/permissions";

export type RoleMapping = { adminGroups: readonly string[]; managerGroups: readonly string[] };

/** Roles from IdP groups: every signed-in employee is an engineer; groups add more. */
export function rolesFromGroups(groups: readonly string[], mapping: RoleMapping): Role[] {
  const roles: Role[] = ["engineer"];
  if (groups.some((g) => mapping.managerGroups.includes(g))) roles.push("manager");
  if (groups.some((g) => mapping.adminGroups.includes(g))) roles.push("admin");
  return roles;
}

/** Reads the groups claim, which IdPs send as an array or, sometimes, a single string. */
export function groupsFromClaim(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === "string" && g.length > 0).slice(0, 500);
  if (typeof claim === "string" && claim.length > 0) return [claim];
  return [];
}
