import { roleNameOf } from "@/components/sessions/aws-session-table";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
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

export function RevocationTable({ revocations }: { revocations: RevocationView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid="person-revocations">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Role</th>
            <th className="px-3 py-2 font-medium">Revoked</th>
            <th className="px-3 py-2 font-medium">Why, by whom</th>
            <th className="px-3 py-2 font-medium">Applied to AWS</th>
            <th className="px-3 py-2 font-medium">Removed after</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {revocations.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="px-3 py-2">
                <span className="block font-medium text-slate-900">{roleNameOf(r.roleArn)}</span>
                <span className="block font-mono text-[11px] text-slate-500">{r.accountId}</span>
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-700" title="Sessions issued before this moment are denied">
                <RelativeTime date={r.revokedBefore} />
              </td>
              <td className="px-3 py-2 text-slate-700">
                <span className="block max-w-72 break-words">{r.reason}</span>
                <span className="block text-[11px] text-slate-500">{r.requestedBy}</span>
              </td>
              <td className="px-3 py-2">
                <Applied r={r} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-700" title={formatDateTime(new Date(r.expiresAt))}>
                {formatDateTime(new Date(r.expiresAt))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
