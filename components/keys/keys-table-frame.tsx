"use client";

import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { useKeysUrl } from "@/components/keys/url-state";
import { cn } from "@/components/ui/cn";
import { sortParts, type Sort, type SortField } from "@/lib/inventory/keys-query";

// The keys table's client part: the header, whose sortable columns turn a click into a URL
// change, and the frame, dimmed while the server renders the new rows (passed as children).

const COLUMNS: { label: string; sort?: SortField }[] = [
  { label: "IAM user / key", sort: "userName" },
  { label: "Account", sort: "accountId" },
  { label: "Owner" },
  { label: "Age", sort: "age" },
  { label: "State", sort: "state" },
  { label: "Last used", sort: "lastUsed" },
  { label: "Integration" },
];

/** A click on the sorted column reverses it; on another, oldest first for age, A→Z (or earliest) for the rest. */
function nextSort(current: Sort, field: SortField): Sort {
  const { field: now, descending } = sortParts(current);
  if (now === field) return descending ? field : `-${field}`;
  return field === "age" ? "-age" : field;
}

export function KeysTableFrame({ sort, children }: { sort: Sort; children: React.ReactNode }) {
  const { update, pending } = useKeysUrl();
  const current = sortParts(sort);
  return (
    <div
      className={cn("overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm transition-opacity", pending && "opacity-60")}
      aria-busy={pending}
    >
      <table className="w-full text-left text-sm" data-testid="keys-table">
        <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs text-slate-500 md:table-header-group">
          <tr>
            {COLUMNS.map(({ label, sort: field }) => {
              const sorted = field && current.field === field ? (current.descending ? "desc" : "asc") : null;
              const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ArrowUpDown;
              return (
                <th
                  key={label}
                  className="px-3 py-2 font-medium"
                  aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                >
                  {field ? (
                    <button
                      type="button"
                      onClick={() => update({ sort: nextSort(sort, field) })}
                      className="inline-flex items-center gap-1 hover:text-slate-800"
                    >
                      {label}
                      <Icon className={cn("size-3", !sorted && "opacity-40")} aria-hidden />
                    </button>
                  ) : (
                    label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
