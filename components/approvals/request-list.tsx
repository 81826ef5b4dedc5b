import Link from "next/link";
import { RiskBadge } from "@/components/approvals/risk-badge";
import { RequestStatusBadge } from "@/components/approvals/status-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { storedRisk } from "@/lib/approvals/dto";
import type { RequestView } from "@/lib/approvals/requests";

export function requestTitle(r: RequestView): string {
  if (r.kind === "ROLE_ACCESS") return `${r.awsRole?.roleName ?? "Role"} in ${r.awsRole?.account.name ?? "AWS"}`;
  return `${r.serviceName ?? "External service"} in ${r.account?.name ?? "AWS"}`;
}

export function RequestList({ requests, showRequester }: { requests: RequestView[]; showRequester?: boolean }) {
  return (
    <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      {requests.map((r) => (
        <li key={r.id}>
          <Link href={`/requests/${r.id}`} className="flex flex-col gap-1 px-4 py-3 hover:bg-slate-50 sm:flex-row sm:items-center sm:gap-4">
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-slate-900">{requestTitle(r)}</p>
              <p className="truncate text-xs text-slate-500">
                {showRequester ? `${r.requester.email} · ` : ""}
                {r.kind === "ROLE_ACCESS" ? "time-bound role access" : "external service access"} · <RelativeTime date={r.createdAt} />
              </p>
            </div>
            <div className="flex shrink-0 gap-2">
              <RiskBadge level={storedRisk(r.risk)?.level} />
              <RequestStatusBadge status={r.status} />
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
