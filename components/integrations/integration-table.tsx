import Link from "next/link";
import { NeedsNewOwnerBadge } from "@/components/integrations/owner-badge";
import { dueLabel, RotationStatusBadge } from "@/components/integrations/rotation-status";
import { TargetIcon } from "@/components/integrations/target-icon";
import { Badge } from "@/components/ui/badge";
import { formatAge, formatDateTime } from "@/components/ui/relative-time";
import { SimpleTable, type Column } from "@/components/ui/table";
import type { IntegrationView } from "@/lib/integrations/dto";

const ageInDays = (d: Date) => Math.floor((Date.now() - d.getTime()) / 86_400_000);

function Status({ i }: { i: IntegrationView }) {
  if (!i.enabled) return <Badge tone="slate">disabled</Badge>;
  if (!i.latestRotation) return <Badge tone="neutral">never rotated</Badge>;
  return <RotationStatusBadge status={i.latestRotation.status} warning={i.latestRotation.warning} />;
}

const underWay = (i: IntegrationView) => i.latestRotation?.status === "running" || i.latestRotation?.status === "waiting";

const COLUMNS: Column<IntegrationView>[] = [
  {
    header: "Integration",
    cell: (i) => (
      <>
        <Link href={`/integrations/${i.id}`} className="text-brand-700 font-medium hover:underline">
          {i.name}
        </Link>
        <p className="text-xs text-slate-500">{i.ownerEmail}</p>
        {i.ownerNeedsReplacementAt ? (
          <span className="mt-1 block">
            <NeedsNewOwnerBadge since={i.ownerNeedsReplacementAt} />
          </span>
        ) : null}
      </>
    ),
  },
  {
    header: "Target",
    cell: (i) => (
      <>
        <span className="inline-flex items-center gap-1.5 font-medium text-slate-800">
          <TargetIcon type={i.targetType} /> {i.targetLabel}
        </span>
        <p className="max-w-72 truncate text-xs text-slate-500" title={i.targetDescription}>
          {i.targetDescription}
        </p>
      </>
    ),
  },
  {
    header: "Account / IAM user",
    className: "whitespace-nowrap",
    cell: (i) => (
      <>
        <span className="text-slate-800">{i.accountName}</span> <span className="font-mono text-xs text-slate-500">{i.accountId}</span>
        <p className="font-mono text-xs text-slate-600">{i.iamUserName}</p>
      </>
    ),
  },
  {
    header: "Last rotation",
    className: "whitespace-nowrap text-slate-700",
    cell: (i) =>
      i.lastRotatedAt ? (
        <time dateTime={i.lastRotatedAt.toISOString()} title={formatDateTime(i.lastRotatedAt)}>
          {ageInDays(i.lastRotatedAt) === 0 ? `today (${formatAge(i.lastRotatedAt)} ago)` : `${ageInDays(i.lastRotatedAt)} days ago`}
        </time>
      ) : (
        <span className="text-slate-400">never</span>
      ),
  },
  {
    header: "Next due",
    className: (i) =>
      `whitespace-nowrap ${dueLabel(i.nextRotationAt).overdue && i.enabled && !underWay(i) ? "font-medium text-red-700" : "text-slate-700"}`,
    cell: (i) => (!i.enabled ? "—" : underWay(i) ? "rotating now" : dueLabel(i.nextRotationAt).text),
  },
  { header: "Status", cell: (i) => <Status i={i} /> },
];

export function IntegrationTable({ integrations }: { integrations: IntegrationView[] }) {
  return (
    <SimpleTable
      columns={COLUMNS}
      rows={integrations}
      rowKey={(i) => i.id}
      rowTestId={(i) => `integration-${i.name}`}
      rowClassName="align-top hover:bg-slate-50"
    />
  );
}
