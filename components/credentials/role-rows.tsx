"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import type { AccountRow, Row } from "@/lib/credentials/role-groups";
import { RoleRow, type RoleRowProps } from "@/components/credentials/role-row";

// What both lists of roles grouped by account draw: an account's header (a button that folds
// the group) and one role in its card. PlainRoles draws every row; GroupedRoles (loaded only
// for long lists) draws the rows near the viewport.

export type RoleRowsProps = {
  rows: Row[];
  onToggle: (accountId: string) => void;
  rowProps: (role: Extract<Row, { kind: "role" }>["role"]) => Omit<RoleRowProps, "role">;
};

export function AccountHeader({ row, top, onToggle }: { row: AccountRow; top: boolean; onToggle: (accountId: string) => void }) {
  const Icon = row.collapsed ? ChevronRight : ChevronDown;
  const count = row.shown === row.total ? `${row.total} ${row.total === 1 ? "role" : "roles"}` : `${row.shown} of ${row.total} roles`;
  return (
    <h2 className={top ? "pb-2" : "pt-4 pb-2"}>
      <button
        type="button"
        aria-expanded={!row.collapsed}
        onClick={() => onToggle(row.accountId)}
        className="focus-visible:ring-brand-500 flex w-full items-baseline gap-2 rounded text-left text-sm font-semibold text-slate-900 focus-visible:ring-2 focus-visible:outline-none"
      >
        <Icon className="size-4 self-center text-slate-400" aria-hidden />
        {row.name} <span className="font-mono text-xs font-normal text-slate-500">{row.accountId}</span>
        <span className="ml-auto rounded-full bg-slate-100 px-2 text-xs font-medium text-slate-600" data-testid={`count-${row.accountId}`}>
          {count}
        </span>
      </button>
    </h2>
  );
}

/** Row `index` of `rows`: an account's header, or a role in its account's card (rounded at the card's ends). */
export function RowContent({ rows, index, onToggle, rowProps }: RoleRowsProps & { index: number }) {
  const row = rows[index]!;
  if (row.kind === "account") return <AccountHeader row={row} top={index === 0} onToggle={onToggle} />;
  const next = rows[index + 1];
  const last = !next || next.kind === "account";
  const first = rows[index - 1]?.kind === "account";
  return (
    <div
      aria-label={`${row.role.roleName} in ${row.role.accountName} (${row.role.accountId})`}
      role="group"
      className={`border-x border-slate-200 bg-white ${first ? "rounded-t-lg border-t" : "border-t border-t-slate-100"} ${last ? "rounded-b-lg border-b shadow-sm" : ""}`}
    >
      <RoleRow role={row.role} {...rowProps(row.role)} />
    </div>
  );
}

/** Under WINDOW_FROM rows every row is in the DOM; from there the windowed list takes over. */
export const WINDOW_FROM = 80;

export function rowKey(row: Row): string {
  return row.kind === "account" ? `a:${row.accountId}` : `r:${row.role.id}`;
}

/** Every row in the DOM: what most people have (a few roles), without the windowing code. */
export function PlainRoles(props: RoleRowsProps) {
  return (
    <div role="list" aria-label="Your roles">
      {props.rows.map((row, index) => (
        <div key={rowKey(row)} role="listitem">
          <RowContent {...props} index={index} />
        </div>
      ))}
    </div>
  );
}
