import { Monitor } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";

export type BrowserSessionItem = { createdAt: string; expires: string; lastSeenAt: string; current: boolean };

/** Live browser sessions: when each signed in, was last seen, and ends (never later: sessions do not slide). */
export function BrowserSessionList({ sessions }: { sessions: BrowserSessionItem[] }) {
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="browser-sessions">
      {sessions.map((s, i) => (
        <li key={`${s.createdAt}-${i}`} className="flex flex-wrap items-center gap-x-6 gap-y-1 px-4 py-3 text-sm">
          <span className="flex min-w-40 items-center gap-2 font-medium text-slate-900">
            <Monitor className="size-4 text-slate-400" aria-hidden /> Browser
            {s.current ? <Badge tone="blue">This browser</Badge> : null}
          </span>
          <span className="text-slate-600">
            <span className="text-xs text-slate-500">Signed in </span>
            <RelativeTime date={s.createdAt} />
          </span>
          <span className="text-slate-600">
            <span className="text-xs text-slate-500">Last seen </span>
            <RelativeTime date={s.lastSeenAt} />
          </span>
          <span className="text-slate-600" title={formatDateTime(new Date(s.expires))}>
            <span className="text-xs text-slate-500">Ends </span>
            <RelativeTime date={s.expires} />
          </span>
        </li>
      ))}
    </ul>
  );
}
