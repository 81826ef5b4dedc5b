"use client";

import { X } from "lucide-react";
import { useId, useState } from "react";
import { inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";

/**
 * IdP group names as chips: type a name and press Enter (or a comma) to add it, × to
 * remove it. Each chip is sent as one `name` field, so a group name is never split.
 */
export function GroupChips({
  name,
  label,
  initial = [],
  suggestions = [],
  anyone,
  error,
}: {
  name: string;
  label: string;
  initial?: string[];
  suggestions?: string[];
  /** Offer "*" (anyone). */
  anyone?: boolean;
  error?: string;
}) {
  const [groups, setGroups] = useState<string[]>(initial);
  const [draft, setDraft] = useState("");
  const listId = useId();
  const inputId = useId();
  const add = (raw: string) => {
    const g = raw.trim().replace(/,+$/, "");
    if (g && !groups.includes(g)) setGroups([...groups, g]);
    setDraft("");
  };
  const show = (g: string) => (g === "*" ? "anyone" : g);
  return (
    <div className="space-y-1">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className={cn(inputClass, "flex min-h-9 flex-wrap items-center gap-1.5 py-1")} data-testid={`chips-${name}`}>
        {groups.map((g) => (
          <span
            key={g}
            className="bg-brand-50 text-brand-700 ring-brand-100 inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs ring-1"
          >
            {show(g)}
            <input type="hidden" name={name} value={g} />
            <button
              type="button"
              onClick={() => setGroups(groups.filter((x) => x !== g))}
              className="hover:bg-brand-100 rounded-full"
              aria-label={`Remove ${show(g)} from ${label.toLowerCase()}`}
            >
              <X className="size-3" aria-hidden />
            </button>
          </span>
        ))}
        <input
          id={inputId}
          list={listId}
          value={draft}
          onChange={(e) => (e.target.value.endsWith(",") ? add(e.target.value) : setDraft(e.target.value))}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add(draft);
            } else if (e.key === "Backspace" && draft === "" && groups.length > 0) setGroups(groups.slice(0, -1));
          }}
          onBlur={() => add(draft)}
          placeholder={groups.length ? "" : "Type a group, press Enter"}
          className="min-w-32 flex-1 border-0 bg-transparent p-0 text-sm focus:ring-0 focus:outline-none"
        />
      </div>
      <datalist id={listId}>
        {suggestions
          .filter((s) => !groups.includes(s))
          .map((s) => (
            <option key={s} value={s} />
          ))}
      </datalist>
      {anyone && !groups.includes("*") ? (
        <button type="button" className="text-brand-700 text-xs hover:underline" onClick={() => setGroups(["*"])}>
          Anyone may request
        </button>
      ) : null}
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
    </div>
  );
}
