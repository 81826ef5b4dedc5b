import { RoleCell } from "@/components/sessions/aws-session-table";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import { SimpleTable, type Column } from "@/components/ui/table";
import type { RevocationView } from "@/lib/people/schemas";

// What was revoked at AWS and when, and whether AWS has it yet: each row is one entry of
// a role's KeylessRevokedSessions policy, written by the worker.

function Applied({ r }: { r: RevocationView }) {
  if (r.state === "removed")
    return (
      <Badge tone="neutral" title={r.clearedAt ? `Removed ${formatDateTime(new Date(r.clearedAt))}` : undefined}>
        Removed (expired)
      </Badge>
    );
  if (r.state === "applied")
    return (
      <span className="flex flex-col items-start gap-0.5">
        <Badge tone="green">Yes</Badge>
        {r.appliedAt ? (
          <span className="text-[11px] text-slate-500">
            <RelativeTime date={r.appliedAt} />
          </span>
        ) : null}
        {r.error ? <span className="text-[11px] text-red-700">Last write failed: {r.error}</span> : null}
      </span>
    );
  if (r.state === "error")
    return (
      <span className="flex flex-col items-start gap-0.5">
        <Badge tone="red">Error</Badge>
        <span className="max-w-64 text-[11px] break-words text-red-700">{r.error}</span>
      </span>
    );
  return (
    <Badge tone="amber" title="The worker writes the role's policy within seconds">
      Pending
    </Badge>
  );
}

const COLUMNS: Column<RevocationView>[] = [
  { header: "Role", cell: RoleCell },
  {
    header: "Revoked",
    className: "whitespace-nowrap text-slate-700",
    title: "Sessions issued before this moment are denied",
    cell: (r) => <RelativeTime date={r.revokedBefore} />,
  },
  {
    header: "Why, by whom",
    className: "text-slate-700",
    cell: (r) => (
      <>
        <span className="block max-w-72 break-words">{r.reason}</span>
        <span className="block text-[11px] text-slate-500">{r.requestedBy}</span>
      </>
    ),
  },
  { header: "Applied to AWS", cell: (r) => <Applied r={r} /> },
  {
    header: "Removed after",
    className: "whitespace-nowrap text-slate-700",
    title: (r) => formatDateTime(new Date(r.expiresAt)),
    cell: (r) => formatDateTime(new Date(r.expiresAt)),
  },
];

export function RevocationTable({ revocations }: { revocations: RevocationView[] }) {
  return <SimpleTable columns={COLUMNS} rows={revocations} rowKey={(r) => r.id} rowClassName="align-top" testId="person-revocations" />;
}
