import { Badge } from "@/components/ui/badge";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import { SimpleTable, type Column } from "@/components/ui/table";
import type { PersonDetail } from "@/lib/people/schemas";

const STATUS = {
  active: { tone: "green", label: "Active" },
  expired: { tone: "neutral", label: "Ended" },
  revoked: { tone: "red", label: "Revoked" },
} as const;

type CliSession = PersonDetail["sessions"]["cli"][number];

const COLUMNS: Column<CliSession>[] = [
  {
    header: "Computer",
    cell: (s) => (
      <>
        <span className="block font-medium text-slate-900">{s.hostname ?? "Unnamed computer"}</span>
        <span className="block text-[11px] text-slate-500">
          {s.clientName}
          {s.clientVersion ? ` ${s.clientVersion}` : ""}
          {s.platform ? ` · ${s.platform}` : ""}
        </span>
      </>
    ),
  },
  { header: "Signed in", className: "whitespace-nowrap text-slate-700", cell: (s) => <RelativeTime date={s.createdAt} /> },
  {
    header: "Last used",
    className: "whitespace-nowrap text-slate-700",
    cell: (s) => (
      <>
        {s.lastUsedAt ? <RelativeTime date={s.lastUsedAt} /> : "never"}
        {s.lastIp ? <span className="block font-mono text-[11px] text-slate-500">{s.lastIp}</span> : null}
      </>
    ),
  },
  {
    header: "Ends",
    className: "whitespace-nowrap text-slate-700",
    title: (s) => formatDateTime(new Date(s.expiresAt)),
    cell: (s) => (s.revokedAt ? "—" : <RelativeTime date={s.expiresAt} />),
  },
  {
    header: "State",
    cell: (s) => (
      <>
        <Badge tone={STATUS[s.status].tone}>{STATUS[s.status].label}</Badge>
        {s.revokedAt ? (
          <span className="block text-[11px] text-slate-500">
            <RelativeTime date={s.revokedAt} />
          </span>
        ) : null}
      </>
    ),
  },
];

/** A person's CLI sessions as an admin sees them (read-only: Suspend ends them all). */
export function CliSessionTable({ sessions }: { sessions: CliSession[] }) {
  return <SimpleTable columns={COLUMNS} rows={sessions} rowKey={(s) => s.id} rowClassName="align-top" testId="person-cli-sessions" />;
}
