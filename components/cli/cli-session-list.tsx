"use client";

import { Laptop } from "lucide-react";
import { useActionState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDateTime, RelativeTime } from "@/components/ui/relative-time";
import type { ActionResult } from "@/lib/actions/result";
import type { CliSessionView } from "@/lib/cli-auth/schemas";

type Act = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;

const STATUS = {
  active: { tone: "green", label: "Active" },
  expired: { tone: "neutral", label: "Ended" },
  revoked: { tone: "red", label: "Revoked" },
} as const;

function RevokeButton({ id, name, revoke }: { id: string; name: string; revoke: Act }) {
  const [result, action, pending] = useActionState(revoke, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Revoke the CLI session on ${name}? It will have to sign in again.`)) e.preventDefault();
      }}
      className="flex flex-col items-end gap-1"
    >
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" size="sm" disabled={pending}>
        {pending ? "Revoking…" : "Revoke"}
      </Button>
      {result && !result.ok ? (
        <span role="alert" className="text-xs text-red-600">
          {result.error}
        </span>
      ) : null}
    </form>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="truncate text-sm text-slate-800">{children}</dd>
    </div>
  );
}

export function CliSessionList({ sessions, revoke }: { sessions: CliSessionView[]; revoke: Act }) {
  return (
    <ul className="space-y-3">
      {sessions.map((s) => {
        const status = STATUS[s.status];
        const name = s.hostname ?? "an unnamed computer";
        return (
          <li key={s.id} data-testid={`cli-session-${s.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex items-start gap-3">
              <Laptop className="mt-0.5 size-5 shrink-0 text-slate-400" aria-hidden />
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <h2 className="truncate font-medium text-slate-900">{s.hostname ?? "Unnamed computer"}</h2>
                  <Badge tone={status.tone}>{status.label}</Badge>
                </div>
                <p className="truncate text-xs text-slate-500">
                  {s.clientName}
                  {s.clientVersion ? ` ${s.clientVersion}` : ""}
                  {s.platform ? ` · ${s.platform}` : ""}
                </p>
              </div>
              {s.status === "active" ? <RevokeButton id={s.id} name={name} revoke={revoke} /> : null}
            </div>
            <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4 sm:pl-8">
              <Fact label="Signed in">
                <RelativeTime date={s.createdAt} />
                {s.createdIp ? <span className="text-slate-500"> · {s.createdIp}</span> : null}
              </Fact>
              <Fact label="Last used">
                {s.lastUsedAt ? <RelativeTime date={s.lastUsedAt} /> : "never"}
                {s.lastIp ? <span className="text-slate-500"> · {s.lastIp}</span> : null}
              </Fact>
              <Fact label={s.status === "revoked" ? "Revoked" : s.status === "expired" ? "Ended" : "Ends"}>
                <span title={formatDateTime(new Date(s.revokedAt ?? s.expiresAt))}>
                  {s.revokedAt ? <RelativeTime date={s.revokedAt} /> : formatDateTime(new Date(s.expiresAt)).slice(0, 10)}
                </span>
              </Fact>
              <Fact label="Session">
                <span className="font-mono text-xs">{s.id.slice(-8)}</span>
              </Fact>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
