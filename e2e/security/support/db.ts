import { query, snapshot } from "../../db";

export { query, snapshot };

/**
 * Tables a refused request or action must leave exactly as they were. Left out: the audit
 * log (refusals are audited: it must grow), the rate-limit counters (refused requests
 * count), and what the worker rewrites on its own schedule (inventory rows, key history,
 * notifications, job queue).
 */
export const DOMAIN_TABLES = [
  "users",
  "auth_accounts",
  "sessions",
  "aws_accounts",
  "aws_roles",
  "access_requests",
  "grants",
  "approval_rules",
  "device_authorizations",
  "cli_sessions",
  "cli_refresh_tokens",
  "settings",
  "integrations",
  "rotations",
  "rotation_steps",
  "inventory_syncs",
  "scim_groups",
  "scim_group_members",
  "aws_sessions",
  "aws_session_revocations",
] as const;

export const fingerprint = (tables: readonly string[] = DOMAIN_TABLES) => snapshot([...tables]);

/** Which of the tables changed between two fingerprints (for a readable failure). */
export function changedTables(before: string, after: string): string[] {
  const a = new Map(before.split(",").map((p) => p.split(":") as [string, string]));
  return after
    .split(",")
    .map((p) => p.split(":") as [string, string])
    .filter(([t, h]) => a.get(t) !== h)
    .map(([t]) => t);
}

export async function roleIdByName(roleName: string): Promise<string> {
  const [row] = await query<{ id: string }>("SELECT id FROM aws_roles WHERE role_name = $1", [roleName]);
  if (!row) throw new Error(`no role ${roleName}`);
  return row.id;
}

export async function userIdByEmail(email: string): Promise<string> {
  const [row] = await query<{ id: string }>("SELECT id FROM users WHERE email = $1", [email]);
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}
