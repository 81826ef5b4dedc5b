import type { ListedRole } from "@/lib/credentials/roles";

// The credentials page's list as flat rows (an account's header, then its roles) so that one
// virtualiser can window them: a person may reach hundreds of roles in hundreds of accounts.
// Pure, so search and grouping are tested without a browser.

/** A role as the browser has it: the ARN is not shown, so it is not sent (see packRoles). */
export type PickerRole = Omit<ListedRole, "roleArn">;

export type AccountRow = { kind: "account"; accountId: string; name: string; shown: number; total: number; collapsed: boolean };
export type RoleRow = { kind: "role"; role: PickerRole };
export type Row = AccountRow | RoleRow;

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

// What the page sends: each account once, and of each role only what differs from the common
// case (no approval needed, no grant, assumed with the hub's credentials). 500 roles repeat
// their account's name and seven default fields 500 times otherwise, in the HTML's payload.
type Extras = Pick<
  PickerRole,
  "requiresApproval" | "deliveryMode" | "grant" | "breakGlassMaxSeconds" | "canRequest" | "requesterGroups" | "grantIsBreakGlass"
>;
const COMMON: Extras = {
  requiresApproval: false,
  deliveryMode: "ASSUME_ROLE",
  grant: null,
  breakGlassMaxSeconds: null,
  canRequest: true,
  requesterGroups: [],
  grantIsBreakGlass: false,
};
type PackedRole = Pick<PickerRole, "id" | "roleName" | "description" | "maxDurationSeconds"> & {
  account: number;
  extras?: Partial<Extras>;
};
export type PackedRoles = { accounts: [id: string, name: string][]; roles: PackedRole[] };
const EXTRA_KEYS = Object.keys(COMMON) as (keyof Extras)[];

/** Equal as JSON for these fields: primitives, null, an object (a grant: never common) or an array of strings. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
}

export function packRoles(roles: readonly ListedRole[]): PackedRoles {
  const accounts = new Map<string, number>();
  const packed: PackedRoles = { accounts: [], roles: [] };
  for (const r of roles) {
    let account = accounts.get(r.accountId);
    if (account === undefined) accounts.set(r.accountId, (account = packed.accounts.push([r.accountId, r.accountName]) - 1));
    let extras: Record<string, unknown> | undefined;
    for (const k of EXTRA_KEYS) if (!same(r[k], COMMON[k])) (extras ??= {})[k] = r[k];
    const role: PackedRole = {
      id: r.id,
      roleName: r.roleName,
      description: r.description,
      maxDurationSeconds: r.maxDurationSeconds,
      account,
    };
    if (extras) role.extras = extras;
    packed.roles.push(role);
  }
  return packed;
}

export function unpackRoles(packed: PackedRoles): PickerRole[] {
  return packed.roles.map(({ account, extras, ...r }) => {
    const [accountId, accountName] = packed.accounts[account]!;
    return { ...COMMON, ...extras, ...r, accountId, accountName };
  });
}
