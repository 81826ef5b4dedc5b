import Link from "next/link";
import { AccessBadge, RoleBadges } from "@/components/people/access-badge";
import { SortHeader } from "@/components/people/sort-header";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { PeopleSort, PersonRow } from "@/lib/people/schemas";

// The People list. Rendered on the server; only the sortable headers run in the browser.

function Sessions({ p }: { p: PersonRow }) {
  const { browser, cli } = p.liveSessions;
  if (browser + cli === 0) return <span className="text-slate-400">none</span>;
  return (
    <span className="whitespace-nowrap text-slate-700">
      {browser} browser · {cli} CLI
    </span>
  );
}

export function PeopleTable({ people, sort }: { people: PersonRow[]; sort: PeopleSort }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="people-table">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500">
          <tr>
            <SortHeader field="name" label="Person" sort={sort} />
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 font-medium">Roles and groups</th>
            <SortHeader field="lastSignIn" label="Last sign-in" sort={sort} />
            <th className="px-3 py-2 font-medium">Live sessions</th>
            <th className="px-3 py-2 font-medium" title="AWS sessions Keyless issued them in the last 12 hours">
              AWS, 12 h
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {people.map((p) => (
            <tr key={p.id} data-testid={`person-${p.email}`} className="align-top hover:bg-slate-50/60">
              <td className="px-3 py-2.5">
                <Link href={`/admin/people/${p.id}`} className="text-brand-700 block font-medium hover:underline">
                  {p.name ?? p.email}
                </Link>
                <span className="block text-xs text-slate-500">{p.email}</span>
              </td>
              <td className="px-3 py-2.5">
                <span className="flex flex-col items-start gap-1">
                  <AccessBadge status={p.status} suspendedBy={p.suspendedBy} />
                  <span className="text-[11px] text-slate-500">{p.source === "scim" ? "SCIM" : "SSO sign-in"}</span>
                </span>
              </td>
              <td className="px-3 py-2.5">
                <RoleBadges roles={p.roles} />
                <span className="mt-1 block max-w-64 truncate text-[11px] text-slate-500" title={p.groups.join(", ")}>
                  {p.groups.length ? p.groups.join(", ") : "no groups"}
                </span>
              </td>
              <td className="px-3 py-2.5 whitespace-nowrap text-slate-700">
                {p.lastSignInAt ? <RelativeTime date={p.lastSignInAt} /> : <span className="text-slate-400">never</span>}
              </td>
              <td className="px-3 py-2.5">
                <Sessions p={p} />
              </td>
              <td className="px-3 py-2.5">
                {p.awsSessions ? <Badge tone="blue">{p.awsSessions}</Badge> : <span className="text-slate-400">0</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
