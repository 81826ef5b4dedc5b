import { buttonClass } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { BURNDOWN_WINDOWS } from "@/lib/retirement/burndown";

/** A plain GET form: the page renders on the server from its address, with or without JavaScript. */
export function BurndownFilters({
  days,
  team,
  owner,
  teams,
  byOwner,
}: {
  days: number;
  team: string | null;
  owner: string | null;
  teams: string[];
  byOwner: boolean;
}) {
  return (
    <form method="get" role="search" className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
      <label className="text-xs text-slate-600">
        Window
        <Select name="days" defaultValue={String(days)} className="mt-1 w-32">
          {BURNDOWN_WINDOWS.map((d) => (
            <option key={d} value={d}>
              Last {d} days
            </option>
          ))}
        </Select>
      </label>
      <label className="text-xs text-slate-600">
        Team
        <Select name="team" defaultValue={team ?? ""} className="mt-1 w-44">
          <option value="">All teams</option>
          {teams.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
      </label>
      {byOwner ? (
        <label className="text-xs text-slate-600">
          Owner
          <Input name="owner" type="email" defaultValue={owner ?? ""} placeholder="someone@example.com" className="mt-1 w-56" />
        </label>
      ) : null}
      <button type="submit" className={buttonClass("secondary")}>
        Apply
      </button>
    </form>
  );
}
