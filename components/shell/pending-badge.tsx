import { cache } from "react";
import type { UserCaller } from "@/lib/auth/caller";
import { countPendingForDecider } from "@/lib/approvals/requests";

// One count per request, whoever renders the badge.
const pendingCount = cache((caller: UserCaller) => countPendingForDecider(caller));

/** The approvals entry's badge: requests waiting for this person's decision (none: nothing). */
export async function PendingBadge({ caller }: { caller: UserCaller }) {
  const pending = await pendingCount(caller);
  if (!pending) return null;
  return (
    <span
      className="bg-brand-600 rounded-full px-1.5 py-0.5 text-[10px] leading-none font-semibold text-white"
      aria-label={`${pending} pending`}
    >
      {pending}
    </span>
  );
}
