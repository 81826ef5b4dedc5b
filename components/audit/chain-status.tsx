import { ShieldAlert, ShieldCheck } from "lucide-react";
import { formatDateTime } from "@/components/ui/relative-time";
import type { ChainHead } from "@/lib/audit/head";

// The last scheduled verification of the audit chain (lib/audit/head.ts): a quiet line when
// it held, a loud banner naming the first bad entry when it did not.
export function ChainStatus({ head }: { head: ChainHead | null }) {
  if (!head)
    return <p className="mb-4 text-sm text-slate-500">The chain has not been verified yet: the worker verifies it on a schedule.</p>;
  if (!head.ok) {
    return (
      <div role="alert" className="mb-4 flex gap-3 rounded-lg border-2 border-red-600 bg-red-50 p-4 text-red-900">
        <ShieldAlert className="size-6 shrink-0" aria-hidden />
        <div>
          <p className="font-semibold">
            Audit chain verification FAILED at entry {head.firstBadId} ({formatDateTime(new Date(head.verifiedAt))})
          </p>
          <p className="text-sm">
            Entry {head.firstBadId}: {head.problem}. The log may have been altered in the database: investigate before trusting it.
          </p>
        </div>
      </div>
    );
  }
  return (
    <p role="status" className="mb-4 flex items-center gap-2 text-sm text-emerald-800">
      <ShieldCheck className="size-4" aria-hidden />
      <span>
        Chain verified at {formatDateTime(new Date(head.verifiedAt))} ({head.count} entries
        {head.sealed ? "" : ", not sealed: no audit key is configured"})
        {head.unsealed > 0 && head.unsealedBefore ? `; ${head.unsealed} unsealed before ${head.unsealedBefore.slice(0, 10)}` : ""}
      </span>
    </p>
  );
}
