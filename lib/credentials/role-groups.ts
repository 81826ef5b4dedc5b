import type { ListedRole } from "@/lib/credentials/roles";

// The credentials page's list as flat rows (an account's header, then its roles) so that one
// virtualiser can window them: a person may reach hundreds of roles in hundreds of accounts.
// Pure, so search and grouping are tested without a browser.

/** A role as the page sends it to the browser: the ARN is not shown, so it is not sent. */
export type PickerRole = Omit<ListedRole, "roleArn">;

export type AccountRow = { kind: "account"; accountId: string; name: string; shown: number; total: number; collapsed: boolean };
export type RoleRow = { kind: "role"; role: PickerRole };
export type Row = AccountRow | RoleRow;

/** What the browser gets of a listed role: everything but the ARN, sent once in the page's payload. */
export function forPicker(role: ListedRole): PickerRole {
  const { roleArn: _arn, ...shown } = role;
  return shown;
}

/** Each role's searchable text, lower-cased once: role, account name and id, description. */
export function searchIndex(roles: readonly PickerRole[]): string[] {
  return roles.map((r) => `${r.roleName}\n${r.accountName}\n${r.accountId}\n${r.description ?? ""}`.toLowerCase());
}

/**
 * Header and role rows, accounts in the order the roles come (by account name). Every word of
 * the query must match; a collapsed account keeps its header (with counts) and hides its roles,
 * except while searching, when matches are always shown.
 */
export function roleRows(roles: readonly PickerRole[], index: readonly string[], query: string, collapsed: ReadonlySet<string>) {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const totals = new Map<string, number>();
  for (const r of roles) totals.set(r.accountId, (totals.get(r.accountId) ?? 0) + 1);
  const rows: Row[] = [];
  let header: AccountRow | null = null;
  let matches = 0;
  roles.forEach((role, i) => {
    if (words.length > 0 && !words.every((w) => index[i]!.includes(w))) return;
    matches++;
    if (header?.accountId !== role.accountId) {
      const hidden = words.length === 0 && collapsed.has(role.accountId);
      header = {
        kind: "account",
        accountId: role.accountId,
        name: role.accountName,
        shown: 0,
        total: totals.get(role.accountId) ?? 0,
        collapsed: hidden,
      };
      rows.push(header);
    }
    header.shown++;
    if (!header.collapsed) rows.push({ kind: "role", role });
  });
  return { rows, matches, accounts: totals.size };
}
