import { Badge, type Tone } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { OwnAccessKey } from "@/lib/inventory/own-keys";

const TONE: Record<string, Tone> = { ok: "green", due: "amber", overdue: "red", unused: "slate", inactive: "neutral" };

export function OwnKeysList({ keys, syncedAt }: { keys: OwnAccessKey[]; syncedAt: string | null }) {
  if (keys.length === 0) {
    return (
      <p className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-800">
        No IAM user key names you as its owner. Nothing to retire{syncedAt ? "" : " (as of the last inventory sync)"}.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">Key</th>
            <th className="px-3 py-2 font-medium">IAM user</th>
            <th className="px-3 py-2 font-medium">Account</th>
            <th className="px-3 py-2 font-medium">Age</th>
            <th className="px-3 py-2 font-medium">Last used</th>
            <th className="px-3 py-2 font-medium">State</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((k) => (
            <tr key={k.accessKeyId}>
              <td className="px-3 py-2 font-mono text-xs">{k.accessKeyId}</td>
              <td className="px-3 py-2">{k.userName}</td>
              <td className="px-3 py-2 whitespace-nowrap">{k.accountName ?? k.accountId}</td>
              <td className="px-3 py-2 whitespace-nowrap">{k.ageDays} days</td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600">
                {k.lastUsedAt ? <RelativeTime date={k.lastUsedAt} /> : "never"}
                {k.lastUsedService ? ` · ${k.lastUsedService}` : ""}
              </td>
              <td className="px-3 py-2">
                <Badge tone={TONE[k.state] ?? "neutral"}>{k.state}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {syncedAt ? (
        <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500">
          From the inventory, synced <RelativeTime date={syncedAt} />.
        </p>
      ) : null}
    </div>
  );
}
