"use client";

import { useState } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import type { SyncAccountProgress, SyncProgress } from "@/lib/inventory/sync-status";

// Each account's part of a sync run: how many are queued, running, backing off from IAM
// throttling, done or failed, the accounts in progress now, and (on request) every account.
// At 1,000 accounts the full list stays closed unless asked for: it re-renders every poll.

type State = "queued" | "running" | "throttled" | "succeeded" | "failed";

const LABEL: Record<State, string> = {
  queued: "Queued",
  running: "Running",
  throttled: "Throttled, retrying",
  succeeded: "Done",
  failed: "Failed",
};
const TONE: Record<State, Tone> = { queued: "neutral", running: "blue", throttled: "amber", succeeded: "green", failed: "red" };
const SHOWN_RUNNING = 12;

function stateOf(a: SyncAccountProgress): State {
  if (a.status === "running") return a.throttles > 0 ? "throttled" : "running";
  return a.status === "succeeded" || a.status === "failed" ? a.status : "queued";
}

function AccountRow({ account }: { account: SyncAccountProgress }) {
  const state = stateOf(account);
  return (
    <li className="flex items-center gap-3 py-1" data-testid="sync-account" data-state={state}>
      <span className="min-w-0 flex-1 truncate">
        <span className="font-medium text-slate-800">{account.accountName}</span>{" "}
        <span className="text-slate-500 tabular-nums">{account.accountId}</span>
      </span>
      <span className="text-slate-600 tabular-nums">
        {account.users.toLocaleString("en-US")} users · {account.keys.toLocaleString("en-US")} keys
        {account.throttles ? ` · ${account.throttles.toLocaleString("en-US")} throttled` : ""}
      </span>
      <Badge tone={TONE[state]}>{LABEL[state]}</Badge>
    </li>
  );
}

export function SyncAccounts({ progress }: { progress: SyncProgress }) {
  const [showAll, setShowAll] = useState(false);
  const { accounts } = progress;
  const active = progress.items.filter((a) => a.status === "running");
  const counts: [State, number][] = [
    ["queued", accounts.queued],
    ["running", accounts.running - accounts.throttled],
    ["throttled", accounts.throttled],
    ["succeeded", accounts.done - accounts.failed],
    ["failed", accounts.failed],
  ];
  return (
    <div className="mt-3 space-y-2 text-xs" data-testid="sync-accounts">
      <p className="flex flex-wrap gap-1.5">
        {counts.map(([state, n]) => (
          <Badge key={state} tone={n ? TONE[state] : "neutral"} data-testid={`sync-count-${state}`}>
            {LABEL[state]}: {n.toLocaleString("en-US")}
          </Badge>
        ))}
      </p>
      {active.length ? (
        <ul aria-label="Accounts syncing now" className="divide-y divide-slate-100">
          {active.slice(0, SHOWN_RUNNING).map((a) => (
            <AccountRow key={a.accountId} account={a} />
          ))}
          {active.length > SHOWN_RUNNING ? <li className="py-1 text-slate-500">and {active.length - SHOWN_RUNNING} more running</li> : null}
        </ul>
      ) : null}
      <button type="button" className="text-brand-700 hover:underline" onClick={() => setShowAll((v) => !v)} aria-expanded={showAll}>
        {showAll ? "Hide the accounts" : `Show all ${accounts.total.toLocaleString("en-US")} accounts`}
      </button>
      {showAll ? (
        <ul aria-label="Every account of this sync" className="max-h-80 divide-y divide-slate-100 overflow-y-auto pr-2">
          {progress.items.map((a) => (
            <AccountRow key={a.accountId} account={a} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
