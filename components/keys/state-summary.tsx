"use client";

import { STATE_META } from "@/components/keys/state-badge";
import { useKeysUrl } from "@/components/keys/url-state";
import { cn } from "@/components/ui/cn";
import type { KeyState } from "@/lib/inventory/key-age-state";

const TILES: KeyState[] = ["overdue", "due", "unused", "inactive", "ok"];

/** Counts by state; a tile filters the table to that state (again: back to all). */
export function StateSummary({ byState }: { byState: Record<KeyState, number> }) {
  const { params, update } = useKeysUrl();
  const current = params.get("state");
  return (
    <div className="grid grid-cols-3 gap-2 sm:grid-cols-5" role="group" aria-label="Keys by state">
      {TILES.map((state) => {
        const meta = STATE_META[state];
        const active = current === state;
        return (
          <button
            key={state}
            type="button"
            onClick={() => update({ state: active ? null : state })}
            aria-pressed={active}
            data-testid={`count-${state}`}
            title={meta.hint}
            className={cn(
              "rounded-lg border bg-white p-2.5 text-left shadow-sm transition hover:border-slate-300 sm:p-3",
              active ? "border-slate-900 ring-1 ring-slate-900" : "border-slate-200",
            )}
          >
            <span className="flex items-center gap-1.5 text-xs font-medium text-slate-600">
              <span className="size-2 rounded-full" style={{ backgroundColor: meta.color }} aria-hidden />
              {meta.label}
            </span>
            <span className="mt-1 block text-xl font-semibold text-slate-900 tabular-nums sm:text-2xl">
              {byState[state].toLocaleString("en-US")}
            </span>
          </button>
        );
      })}
    </div>
  );
}
