"use client";

import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { useKeysUrl } from "@/components/keys/url-state";
import { cn } from "@/components/ui/cn";

/** A column header that sorts the list (in the database: the sort goes into the URL). */
export function SortHeader({ field, label, sort }: { field: string; label: string; sort: string }) {
  const { update, pending } = useKeysUrl();
  const active = sort === field ? "asc" : sort === `-${field}` ? "desc" : null;
  const Icon = active === "asc" ? ArrowUp : active === "desc" ? ArrowDown : ArrowUpDown;
  return (
    <th className="px-3 py-2 font-medium" aria-sort={active === "asc" ? "ascending" : active === "desc" ? "descending" : undefined}>
      <button
        type="button"
        disabled={pending}
        onClick={() => update({ sort: active === "asc" ? `-${field}` : field })}
        className="inline-flex items-center gap-1 hover:text-slate-800"
      >
        {label}
        <Icon className={cn("size-3", !active && "opacity-40")} aria-hidden />
      </button>
    </th>
  );
}
