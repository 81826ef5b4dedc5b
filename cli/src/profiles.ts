// AWS profile names for Keyless roles. Shared with the web app's "Retire your keys" page,
// so what it shows is what `keyless configure` writes.

export type RoleRef = { accountId: string; accountName: string; roleName: string };

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** keyless-<account>-<role>, e.g. keyless-sandbox-sandboxdeveloper. */
export function keylessProfileName(role: RoleRef): string {
  return `keyless-${slug(role.accountName) || role.accountId}-${slug(role.roleName)}`;
}

/** What `--role` takes for a role, unambiguous and stable: <account id>/<role name>. */
export function roleReference(role: RoleRef): string {
  return `${role.accountId}/${role.roleName}`;
}
