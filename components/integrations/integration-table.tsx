import Link from "next/link";
import { NeedsNewOwnerBadge } from "@/components/integrations/owner-badge";
import { dueLabel, RotationStatusBadge } from "@/components/integrations/rotation-status";
import { TargetIcon } from "@/components/integrations/target-icon";
import { Badge } from "@/components/ui/badge";
import { formatAge, formatDateTime } from "@/components/ui/relative-time";
import type { IntegrationView } from "@/lib/integrations/dto";

const ageInDays = (d: Date) => Math.floor((Date.now() - d.getTime()) / 86_400_000);

function Status({ i }: { i: IntegrationView }) {
  if (!i.enabled) return <Badge tone="slate">disabled</Badge>;
  if (!i.latestRotation) return <Badge tone="neutral">never rotated</Badge>;
  return <RotationStatusBadge status={i.latestRotation.status} warning={i.latestRotation.warning} />;
}

export function IntegrationTable({ integrations }: { integrations: IntegrationView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Integration</th>
            <th className="px-3 py-2 font-medium">Target</th>
            <th className="px-3 py-2 font-medium">Account / IAM user</th>
            <th className="px-3 py-2 font-medium">Last rotation</th>
            <th className="px-3 py-2 font-medium">Next due</th>
            <th className="px-3 py-2 font-medium">Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {integrations.map((i) => {
            const due = dueLabel(i.nextRotationAt);
            const underWay = i.latestRotation?.status === "running" || i.latestRotation?.status === "waiting";
            return (
              <tr key={i.id} data-testid={`integration-${i.name}`} className="align-top hover:bg-slate-50">
                <td className="px-3 py-2">
                  <Link href={`/integrations/${i.id}`} className="text-brand-700 font-medium hover:underline">
                    {i.name}
                  </Link>
                  <p className="text-xs text-slate-500">{i.ownerEmail}</p>
                  {i.ownerNeedsReplacementAt ? (
                    <span className="mt-1 block">
                      <NeedsNewOwnerBadge since={i.ownerNeedsReplacementAt} />
                    </span>
                  ) : null}
                </td>
                <td className="px-3 py-2">
                  <span className="inline-flex items-center gap-1.5 font-medium text-slate-800">
                    <TargetIcon type={i.targetType} /> {i.targetLabel}
                  </span>
                  <p className="max-w-72 truncate text-xs text-slate-500" title={i.targetDescription}>
                    {i.targetDescription}
                  </p>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <span className="text-slate-800">{i.accountName}</span>{" "}
                  <span className="font-mono text-xs text-slate-500">{i.accountId}</span>
                  <p className="font-mono text-xs text-slate-600">{i.iamUserName}</p>
                </td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-700">
                  {i.lastRotatedAt ? (
                    <time dateTime={i.lastRotatedAt.toISOString()} title={formatDateTime(i.lastRotatedAt)}>
                      {ageInDays(i.lastRotatedAt) === 0
                        ? `today (${formatAge(i.lastRotatedAt)} ago)`
                        : `${ageInDays(i.lastRotatedAt)} days ago`}
                    </time>
                  ) : (
                    <span className="text-slate-400">never</span>
                  )}
                </td>
                <td
                  className={`px-3 py-2 whitespace-nowrap ${due.overdue && i.enabled && !underWay ? "font-medium text-red-700" : "text-slate-700"}`}
                >
                  {!i.enabled ? "—" : underWay ? "rotating now" : due.text}
                </td>
                <td className="px-3 py-2">
                  <Status i={i} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
