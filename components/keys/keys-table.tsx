"use client";

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type RowData, type SortingState } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { days, StateBadge } from "@/components/keys/state-badge";
import { useKeysUrl } from "@/components/keys/url-state";
import { cn } from "@/components/ui/cn";
import { RelativeTime } from "@/components/ui/relative-time";
import type { KeyItem } from "@/lib/inventory/key-row";
import type { Sort, SortField } from "@/lib/inventory/keys-query";

// The keys table. Sorting, filtering and paging happen in the database (manual mode):
// TanStack Table renders and reports header clicks, which become URL changes.

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the generic must match TanStack's declaration
  interface TableMeta<TData extends RowData> {
    /** Whether the viewer may open integrations (admins): the integration cell links there. */
    linkIntegrations?: boolean;
  }
}

const col = createColumnHelper<KeyItem>();

// One DOM for both layouts: a table from md up; below, each row is a small card (a grid
// with named areas), so the rows are not rendered twice.
const MOBILE: Record<string, string> = {
  userName: "[grid-area:user]",
  state: "[grid-area:state] justify-self-end",
  age: "[grid-area:age] tabular-nums md:whitespace-nowrap",
  accountId: "[grid-area:account]",
  lastUsed: "[grid-area:used] md:whitespace-nowrap",
  owner: "[grid-area:owner]",
  integrationId: "hidden text-xs text-slate-500",
};

// Lean cells (two lines each, no wrappers): a page has up to hundreds of rows, and the
// server renders each one.
const MAIN = "block truncate";
const SUB = "block text-[11px] text-slate-500";
const ID = `${SUB} font-mono`;

const columns = [
  col.accessor("userName", {
    header: "IAM user / key",
    cell: ({ row: { original: k } }) => (
      <>
        <span className={`${MAIN} font-medium text-slate-900`}>{k.userName}</span>
        <span className={ID}>{k.accessKeyId}</span>
      </>
    ),
  }),
  col.accessor("accountId", {
    header: "Account",
    cell: ({ row: { original: k } }) => (
      <>
        <span className={MAIN}>{k.accountName}</span>
        <span className={ID}>{k.accountId}</span>
      </>
    ),
  }),
  col.accessor("owner", {
    header: "Owner",
    enableSorting: false,
    cell: ({ row: { original: k } }) =>
      k.owner ? (
        <>
          <span className={MAIN}>{k.owner}</span>
          {k.team ? <span className={SUB}>{k.team}</span> : null}
        </>
      ) : (
        <span className="text-xs text-amber-700">No owner tag</span>
      ),
  }),
  col.accessor("ageDays", { id: "age", header: "Age", cell: ({ getValue }) => days(getValue()) }),
  col.accessor("state", { header: "State", cell: ({ getValue }) => <StateBadge state={getValue()} /> }),
  col.accessor("lastUsedAt", {
    id: "lastUsed",
    header: "Last used",
    cell: ({ row: { original: k } }) =>
      k.lastUsedAt ? (
        <>
          <RelativeTime date={k.lastUsedAt} />
          {k.lastUsedService ? (
            <span className={SUB}>{k.lastUsedRegion ? `${k.lastUsedService} · ${k.lastUsedRegion}` : k.lastUsedService}</span>
          ) : null}
        </>
      ) : (
        <span className="text-slate-400">Never</span>
      ),
  }),
  col.accessor("integrationId", {
    header: "Integration",
    enableSorting: false,
    // Admins open the integration; others learn that Keyless rotates this key for them.
    cell: ({ getValue, table }) => {
      const id = getValue();
      if (!id) return "—";
      return table.options.meta?.linkIntegrations ? (
        <a href={`/integrations/${id}`} className="text-brand-700 hover:underline">
          Rotated by Keyless
        </a>
      ) : (
        "Rotated by Keyless"
      );
    },
  }),
];

function toSorting(sort: Sort): SortingState {
  const desc = sort.startsWith("-");
  return [{ id: desc ? sort.slice(1) : sort, desc }];
}

export function KeysTable({ items, sort, linkIntegrations = false }: { items: KeyItem[]; sort: Sort; linkIntegrations?: boolean }) {
  const { update, pending } = useKeysUrl();
  // The compiler skips memoizing this component (TanStack returns fresh functions): fine,
  // a page is at most a few hundred rows.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: items,
    meta: { linkIntegrations },
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (k) => k.accessKeyId,
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableSortingRemoval: false,
    state: { sorting: toSorting(sort) },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(toSorting(sort)) : updater;
      const first = next[0];
      if (first) update({ sort: `${first.desc ? "-" : ""}${first.id as SortField}` });
    },
  });

  return (
    <div
      className={cn("overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm transition-opacity", pending && "opacity-60")}
      aria-busy={pending}
    >
      <table className="w-full text-left text-sm" data-testid="keys-table">
        <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs text-slate-500 md:table-header-group">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ArrowUpDown;
                return (
                  <th
                    key={header.id}
                    className="px-3 py-2 font-medium"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="inline-flex items-center gap-1 hover:text-slate-800"
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <Icon className={cn("size-3", !sorted && "opacity-40")} aria-hidden />
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid={`key-${row.id}`} className={cn(ROW, row.original.state === "deleted" && "text-slate-400")}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={MOBILE[cell.column.id]}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Below md a row is a grid card; from md a table row. Cell styles sit here, once per row.
const ROW =
  "grid grid-cols-[1fr_1fr_auto] gap-x-3 gap-y-1 px-4 py-3 text-xs [grid-template-areas:'user_user_state'_'age_account_used'_'owner_owner_owner'] md:table-row md:p-0 md:text-sm md:hover:bg-slate-50/60 [&>td]:min-w-0 md:[&>td]:table-cell md:[&>td]:px-3 md:[&>td]:py-2.5 md:[&>td]:align-middle";
