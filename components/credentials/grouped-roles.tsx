"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { ChevronDown, ChevronRight } from "lucide-react";
import { useLayoutEffect, useRef, useState } from "react";
import type { AccountRow, Row } from "@/lib/credentials/role-groups";
import { RoleRow, type RoleRowProps } from "@/components/credentials/role-row";

// The roles, grouped by account, windowed: only the rows near the viewport are in the DOM, so
// a person with 500 roles gets a page as light as one with five. The server renders the first
// screenful (initialRect), the browser measures real heights as rows appear (a row grows when
// its credentials are shown). Tab order follows the rows; focusing one scrolls it into view,
// which renders the next (overscan), so the keyboard walks the whole list.

type Props = {
  rows: Row[];
  onToggle: (accountId: string) => void;
  rowProps: (role: Extract<Row, { kind: "role" }>["role"]) => Omit<RoleRowProps, "role">;
};

function AccountHeader({ row, top, onToggle }: { row: AccountRow; top: boolean; onToggle: (accountId: string) => void }) {
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

export function GroupedRoles({ rows, onToggle, rowProps }: Props) {
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  // Where the list starts on the page: what is above it (favourites, alerts) may grow or shrink.
  useLayoutEffect(() => {
    const measure = () => setScrollMargin((listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (i) => (rows[i]?.kind === "account" ? 44 : 86),
    getItemKey: (i) => {
      const row = rows[i]!;
      return row.kind === "account" ? `a:${row.accountId}` : `r:${row.role.id}`;
    },
    overscan: 6,
    scrollMargin,
    initialRect: { width: 1024, height: 800 },
  });
  return (
    <div ref={listRef} role="list" aria-label="Your roles" className="relative" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => {
        const row = rows[item.index]!;
        const next = rows[item.index + 1];
        const last = !next || next.kind === "account";
        const prev = rows[item.index - 1];
        const first = prev?.kind === "account";
        return (
          <div
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            role="listitem"
            className="absolute top-0 left-0 w-full"
            style={{ transform: `translateY(${item.start - scrollMargin}px)` }}
          >
            {row.kind === "account" ? (
              <AccountHeader row={row} top={item.index === 0} onToggle={onToggle} />
            ) : (
              <div
                aria-label={`${row.role.roleName} in ${row.role.accountName} (${row.role.accountId})`}
                role="group"
                className={`border-x border-slate-200 bg-white ${first ? "rounded-t-lg border-t" : "border-t border-t-slate-100"} ${last ? "rounded-b-lg border-b shadow-sm" : ""}`}
              >
                <RoleRow role={row.role} {...rowProps(row.role)} />
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
