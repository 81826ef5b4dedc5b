import Link from "next/link";
import { RotationStatusBadge } from "@/components/integrations/rotation-status";
import { EmptyState } from "@/components/ui/card";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import type { RotationSummary } from "@/lib/integrations/queries";

function duration(r: RotationSummary): string {
  if (!r.finishedAt) return "—";
  const s = Math.round((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

export function RotationHistory({ integrationId, rotations }: { integrationId: string; rotations: RotationSummary[] }) {
  if (rotations.length === 0) return <EmptyState title="No rotations yet">Rotate now, or wait for the schedule.</EmptyState>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Started</th>
            <th className="px-3 py-2 font-medium">Trigger</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 font-medium">Keys</th>
            <th className="px-3 py-2 font-medium">Took</th>
            <th className="px-3 py-2 font-medium">Message</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rotations.map((r) => (
            <tr key={r.id} className="align-top hover:bg-slate-50">
              <td className="px-3 py-2 whitespace-nowrap">
                <Link
                  href={`/integrations/${integrationId}/rotations/${r.id}`}
                  className="text-brand-700 hover:underline"
                  title={formatDateTime(r.startedAt)}
                >
                  <RelativeTime date={r.startedAt} />
                </Link>
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600">
                {r.trigger}
                <p className="text-xs text-slate-400">{r.requestedBy}</p>
              </td>
              <td className="px-3 py-2">
                <RotationStatusBadge status={r.status} warning={r.warning} />
              </td>
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-slate-600">
                {r.oldAccessKeyId ?? "…"} → {r.newAccessKeyId ?? "…"}
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600">{duration(r)}</td>
              <td className="max-w-md px-3 py-2 text-xs text-slate-600">
                <span className="line-clamp-2">{r.warning ?? r.error ?? ""}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
