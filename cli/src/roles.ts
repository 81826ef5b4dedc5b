import type { AwsRole } from "./api-types.js";
import { roleReference } from "./profiles.js";

// `--role` accepts what people naturally type: <account id>/<role name>, <account
// name>/<role name> (case-insensitive), the role ARN, or the Keyless role id.

export type RoleMatch = { role: AwsRole } | { error: string };

export function findRole(roles: readonly AwsRole[], ref: string): RoleMatch {
  const wanted = ref.trim();
  const byId = roles.find((r) => r.id === wanted || r.roleArn === wanted);
  if (byId) return { role: byId };
  const slash = wanted.lastIndexOf("/");
  if (slash > 0) {
    const account = wanted.slice(0, slash).toLowerCase();
    const name = wanted.slice(slash + 1).toLowerCase();
    const matches = roles.filter(
      (r) => r.roleName.toLowerCase() === name && (r.accountId === account || r.accountName.toLowerCase() === account),
    );
    if (matches.length === 1 && matches[0]) return { role: matches[0] };
    if (matches.length > 1)
      return { error: `“${ref}” matches several roles: ${matches.map(roleReference).join(", ")}. Use the account id.` };
  } else {
    const matches = roles.filter((r) => r.roleName.toLowerCase() === wanted.toLowerCase());
    if (matches.length === 1 && matches[0]) return { role: matches[0] };
    if (matches.length > 1)
      return {
        error: `“${ref}” is a role in several accounts: ${matches.map(roleReference).join(", ")}. Say which: --role <account>/<role>.`,
      };
  }
  return { error: `You have no role “${ref}”.` };
}
