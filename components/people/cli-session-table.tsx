import { Badge } from "@/components/ui/badge";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import type { PersonDetail } from "@/lib/people/schemas";

const STATUS = {
  active: { tone: "green", label: "Active" },
  expired: { tone: "neutral", label: "Ended" },
  revoked: { tone: "red", label: "Revoked" },
} as const;

/** A person's CLI sessions as an admin sees them (read-only: Suspend ends them all). */
export function CliSessionTable({ sessions }: { sessions: PersonDetail["sessions"]["cli"] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="person-cli-sessions">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Computer</th>
            <th className="px-3 py-2 font-medium">Signed in</th>
            <th className="px-3 py-2 font-medium">Last used</th>
            <th className="px-3 py-2 font-medium">Ends</th>
            <th className="px-3 py-2 font-medium">State</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sessions.map((s) => (
            <tr key={s.id} className="align-top">
              <td className="px-3 py-2">
                <span className="block font-medium text-slate-900">{s.hostname ?? "Unnamed computer"}</span>
                <span className="block text-[11px] text-slate-500">
                  {s.clientName}
                  {s.clientVersion ? ` ${s.clientVersion}` : ""}
                  {s.platform ? ` · ${s.platform}` : ""}
                </span>
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-700">
                <RelativeTime date={s.createdAt} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-700">
                {s.lastUsedAt ? <RelativeTime date={s.lastUsedAt} /> : "never"}
                {s.lastIp ? <span className="block font-mono text-[11px] text-slate-500">{s.lastIp}</span> : null}
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-700" title={formatDateTime(new Date(s.expiresAt))}>
                {s.revokedAt ? "—" : <RelativeTime date={s.expiresAt} />}
              </td>
              <td className="px-3 py-2">
                <Badge tone={STATUS[s.status].tone}>{STATUS[s.status].label}</Badge>
                {s.revokedAt ? (
                  <span className="block text-[11px] text-slate-500">
                    <RelativeTime date={s.revokedAt} />
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
