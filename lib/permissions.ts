// The one permissions table. A server entry point names the permission it needs; a
// permission not granted here is refused (deny by default). Roles come from IdP groups
// (lib/auth/roles.ts), never from anything a user can edit.

export const ROLES = ["engineer", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "me.read",
  "roles.list",
  "credentials.issue",
  "console.open",
  "keys.read.own",
  "keys.read.all",
  "keys.export",
  "audit.read.own",
  "audit.read.all",
  "accounts.read",
  "accounts.manage",
  "roles.manage",
  "inventory.read",
  "inventory.sync",
  /** Deactivate a person's long-lived key and delete it later (lib/retirement). */
  "keys.retire",
  "integrations.read",
  "integrations.manage",
  "rotations.run",
  "requests.create",
  "requests.read.own",
  "requests.read.all",
  "requests.decide",
  /** Re-read and re-analyse a pending request's policies (the risk-analyse job). */
  "requests.analyse",
  "grants.revoke",
  "grants.break-glass",
  "grants.review",
  "settings.manage",
  "cli.sessions.own",
  "sessions.revoke.own",
  "people.read",
  "people.manage",
  "people.provision",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ENGINEER: readonly Permission[] = [
  "me.read",
  "roles.list",
  "credentials.issue",
  "console.open",
  "keys.read.own",
  "keys.export",
  "audit.read.own",
  "requests.create",
  "requests.read.own",
  // Self-activating a break-glass role: the role's own groups decide who (lib/approvals/break-glass.ts).
  "grants.break-glass",
  "cli.sessions.own",
  "sessions.revoke.own",
];

const MANAGER: readonly Permission[] = [
  ...ENGINEER,
  "keys.read.all",
  "inventory.read",
  "requests.read.all",
  "requests.decide",
  // Acknowledging someone else's break-glass use, as an approver of the role.
  "grants.review",
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  engineer: new Set(ENGINEER),
  manager: new Set(MANAGER),
  admin: new Set(PERMISSIONS),
};

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].has(permission));
}

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return PERMISSIONS.filter((p) => hasPermission(roles, p));
}

/** Background jobs run as the system: they may do what the jobs exist to do, nothing else. */
export const SYSTEM_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  "accounts.read",
  "inventory.read",
  "inventory.sync",
  "integrations.read",
  "integrations.manage",
  "rotations.run",
  "keys.read.all",
  // The retirement job deletes (or keeps) keys an admin retired, after re-checking them.
  "keys.retire",
  "requests.read.all",
  "requests.analyse",
  "grants.revoke",
  // SCIM provisioning and the IdP group re-read end and restore people's access.
  "people.provision",
]);
