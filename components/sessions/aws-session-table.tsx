import { Badge } from "@/components/ui/badge";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import { SimpleTable, type Column } from "@/components/ui/table";
import type { AwsSessionView } from "@/lib/people/schemas";

// AWS sessions Keyless issued (credentials and console links), as the People page and the
// person's own Sessions page show them: which role, when, until when, and whether revoked.

const KIND: Record<string, string> = { "credentials.issue": "Credentials", "console.open": "Console" };
const VIA: Record<string, string> = { session: "browser", token: "CLI", slack: "Slack" };

export function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf("/") + 1) || roleArn;
}

/** A role by its name, with its account under it. */
export function RoleCell({ roleArn, accountId }: { roleArn: string; accountId: string }) {
  return (
    <>
      <span className="block font-medium text-slate-900">{roleNameOf(roleArn)}</span>
      <span className="block font-mono text-[11px] text-slate-500">{accountId}</span>
    </>
  );
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

function columns(now: number): Column<AwsSessionView>[] {
  return [
    { header: "Role", cell: RoleCell },
    {
      header: "Kind",
      className: "text-slate-700",
      cell: (s) => (
        <>
          {KIND[s.kind] ?? s.kind}
          {s.via ? <span className="block text-[11px] text-slate-500">from {VIA[s.via] ?? s.via}</span> : null}
          {s.accessKeyId ? <span className="block font-mono text-[11px] text-slate-500">{s.accessKeyId}</span> : null}
        </>
      ),
    },
    { header: "Issued", className: "whitespace-nowrap text-slate-700", cell: (s) => <RelativeTime date={s.issuedAt} /> },
    { header: "Expires", className: "whitespace-nowrap text-slate-700", cell: (s) => <RelativeTime date={s.expiresAt} /> },
    { header: "State", cell: (s) => <State s={s} now={now} /> },
  ];
}

export function AwsSessionTable({ sessions, testId }: { sessions: AwsSessionView[]; testId?: string }) {
  // One instant for the whole table: a server component renders once.
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request
  const now = Date.now();
  return (
    <SimpleTable columns={columns(now)} rows={sessions} rowKey={(s, i) => `${s.issuedAt}-${i}`} rowClassName="align-top" testId={testId} />
  );
}
