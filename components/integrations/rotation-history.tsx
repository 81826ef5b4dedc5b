import Link from "next/link";
import { RotationStatusBadge } from "@/components/integrations/rotation-status";
import { EmptyState } from "@/components/ui/card";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import { SimpleTable, type Column } from "@/components/ui/table";
import type { RotationSummary } from "@/lib/integrations/queries";

function duration(r: RotationSummary): string {
  if (!r.finishedAt) return "—";
  const s = Math.round((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

function columns(integrationId: string): Column<RotationSummary>[] {
  return [
    {
      header: "Started",
      className: "whitespace-nowrap",
      cell: (r) => (
        <Link
          href={`/integrations/${integrationId}/rotations/${r.id}`}
          className="text-brand-700 hover:underline"
          title={formatDateTime(r.startedAt)}
        >
          <RelativeTime date={r.startedAt} />
        </Link>
      ),
    },
    {
      header: "Trigger",
      className: "whitespace-nowrap text-slate-600",
      cell: (r) => (
        <>
          {r.trigger}
          <p className="text-xs text-slate-400">{r.requestedBy}</p>
        </>
      ),
    },
    { header: "Status", cell: (r) => <RotationStatusBadge status={r.status} warning={r.warning} /> },
    {
      header: "Keys",
      className: "font-mono text-xs whitespace-nowrap text-slate-600",
      cell: (r) => `${r.oldAccessKeyId ?? "…"} → ${r.newAccessKeyId ?? "…"}`,
    },
    { header: "Took", className: "whitespace-nowrap text-slate-600", cell: duration },
    {
      header: "Message",
      className: "max-w-md text-xs text-slate-600",
      cell: (r) => <span className="line-clamp-2">{r.warning ?? r.error ?? ""}</span>,
    },
  ];
}

export function RotationHistory({ integrationId, rotations }: { integrationId: string; rotations: RotationSummary[] }) {
  if (rotations.length === 0) return <EmptyState title="No rotations yet">Rotate now, or wait for the schedule.</EmptyState>;
  return <SimpleTable columns={columns(integrationId)} rows={rotations} rowKey={(r) => r.id} rowClassName="align-top hover:bg-slate-50" />;
}
