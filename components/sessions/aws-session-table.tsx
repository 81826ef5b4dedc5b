import { Badge } from "@/components/ui/badge";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import type { AwsSessionView } from "@/lib/people/schemas";

// AWS sessions Keyless issued (credentials and console links), as the People page and the
// person's own Sessions page show them: which role, when, until when, and whether revoked.

const KIND: Record<string, string> = { "credentials.issue": "Credentials", "console.open": "Console" };
const VIA: Record<string, string> = { session: "browser", token: "CLI", slack: "Slack" };

export function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf("/") + 1) || roleArn;
}

function State({ s, now }: { s: AwsSessionView; now: number }) {
  if (s.revokedAt)
    return (
      <Badge tone="red" title={`Revoked ${formatDateTime(new Date(s.revokedAt))}`}>
        Revoked <RelativeTime date={s.revokedAt} />
      </Badge>
    );
  if (new Date(s.expiresAt).getTime() <= now) return <Badge tone="neutral">Expired</Badge>;
  return <Badge tone="green">Live</Badge>;
}

export function AwsSessionTable({ sessions, testId }: { sessions: AwsSessionView[]; testId?: string }) {
  // One instant for the whole table: a server component renders once.
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request
  const now = Date.now();
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Role</th>
            <th className="px-3 py-2 font-medium">Kind</th>
            <th className="px-3 py-2 font-medium">Issued</th>
            <th className="px-3 py-2 font-medium">Expires</th>
            <th className="px-3 py-2 font-medium">State</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sessions.map((s, i) => (
            <tr key={`${s.issuedAt}-${i}`} className="align-top">
              <td className="px-3 py-2">
                <span className="block font-medium text-slate-900">{roleNameOf(s.roleArn)}</span>
                <span className="block font-mono text-[11px] text-slate-500">{s.accountId}</span>
              </td>
              <td className="px-3 py-2 text-slate-700">
                {KIND[s.kind] ?? s.kind}
                {s.via ? <span className="block text-[11px] text-slate-500">from {VIA[s.via] ?? s.via}</span> : null}
                {s.accessKeyId ? <span className="block font-mono text-[11px] text-slate-500">{s.accessKeyId}</span> : null}
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-700">
                <RelativeTime date={s.issuedAt} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-700">
                <RelativeTime date={s.expiresAt} />
              </td>
              <td className="px-3 py-2">
                <State s={s} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
