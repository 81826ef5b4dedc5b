import { Badge, type Tone } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { SimpleTable, type Column } from "@/components/ui/table";
import type { OwnAccessKey } from "@/lib/inventory/own-keys";

const TONE: Record<string, Tone> = { ok: "green", due: "amber", overdue: "red", unused: "slate", inactive: "neutral" };

const COLUMNS: Column<OwnAccessKey>[] = [
  { header: "Key", className: "font-mono text-xs", cell: (k) => k.accessKeyId },
  { header: "IAM user", cell: (k) => k.userName },
  { header: "Account", className: "whitespace-nowrap", cell: (k) => k.accountName ?? k.accountId },
  { header: "Age", className: "whitespace-nowrap", cell: (k) => `${k.ageDays} days` },
  {
    header: "Last used",
    className: "whitespace-nowrap text-slate-600",
    cell: (k) => (
      <>
        {k.lastUsedAt ? <RelativeTime date={k.lastUsedAt} /> : "never"}
        {k.lastUsedService ? ` · ${k.lastUsedService}` : ""}
      </>
    ),
  },
  { header: "State", cell: (k) => <Badge tone={TONE[k.state] ?? "neutral"}>{k.state}</Badge> },
];

export function OwnKeysList({ keys, syncedAt }: { keys: OwnAccessKey[]; syncedAt: string | null }) {
  if (keys.length === 0) {
    return (
      <p className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-800">
        No IAM user key names you as its owner. Nothing to retire{syncedAt ? "" : " (as of the last inventory sync)"}.
      </p>
    );
  }
  return (
    <SimpleTable
      columns={COLUMNS}
      rows={keys}
      rowKey={(k) => k.accessKeyId}
      footer={
        syncedAt ? (
          <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500">
            From the inventory, synced <RelativeTime date={syncedAt} />.
          </p>
        ) : null
      }
    />
  );
}
