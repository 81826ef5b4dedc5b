"use client";

import { CheckCircle2, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { apiPost } from "@/components/credentials/api";
import { SyncAccounts } from "@/components/keys/sync-accounts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { InventoryStatus, SyncProgress } from "@/lib/inventory/sync-status";

// Freshness of the inventory, "Sync now" for admins, and a live view of a run: polls
// GET /api/v1/inventory/sync/{jobId} every second until the run finishes.

type Props = { status: InventoryStatus; canSync: boolean; canWatch: boolean };

function useSyncProgress(jobId: string | null, onDone: () => void) {
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    const tick = async () => {
      try {
        const res = await fetch(`/api/v1/inventory/sync/${jobId}`, { cache: "no-store", headers: { Accept: "application/json" } });
        if (res.ok) {
          const p = (await res.json()) as SyncProgress;
          if (stopped) return;
          setProgress(p);
          if (p.finishedAt) return onDone();
        }
      } catch {
        // A dropped poll is retried on the next tick.
      }
      if (!stopped) setTimeout(() => void tick(), 1000);
    };
    void tick();
    return () => {
      stopped = true;
    };
  }, [jobId, onDone]);
  return progress;
}

export function SyncPanel({ status, canSync, canWatch }: Props) {
  const router = useRouter();
  const [jobId, setJobId] = useState<string | null>(canWatch ? status.runningJobId : null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const onDone = useCallback(() => router.refresh(), [router]);
  const progress = useSyncProgress(jobId, onDone);
  const running = Boolean(jobId && !progress?.finishedAt);

  async function start() {
    setStarting(true);
    setError(null);
    try {
      const { jobId: id } = await apiPost<{ jobId: string }>("/api/v1/inventory/sync", {});
      setJobId(id);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The sync could not start.");
    } finally {
      setStarting(false);
    }
  }

  const failing = status.accounts?.filter((a) => a.status === "failed") ?? [];
  const pct = progress && progress.accounts.total ? Math.round((progress.accounts.done / progress.accounts.total) * 100) : 0;
  return (
    <section aria-label="Sync" className="space-y-2">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
        <p className="flex-1 text-sm text-slate-600" data-testid="last-synced">
          {status.lastSyncedAt ? (
            <>
              Inventory read from AWS <RelativeTime date={status.lastSyncedAt} />
              {status.accounts ? ` · ${status.accounts.length} ${status.accounts.length === 1 ? "account" : "accounts"}` : ""}
            </>
          ) : (
            "Not every account has been read from AWS yet."
          )}
        </p>
        {canSync ? (
          <Button onClick={start} disabled={starting || running}>
            <RefreshCw className={`size-4 ${running || starting ? "animate-spin" : ""}`} aria-hidden />
            {running ? "Syncing…" : "Sync now"}
          </Button>
        ) : null}
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {progress ? (
        <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid="sync-progress" aria-live="polite">
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <p className="font-medium text-slate-800">
              {progress.finishedAt ? (
                <span className="inline-flex items-center gap-1.5">
                  <CheckCircle2 className="size-4 text-emerald-600" aria-hidden /> Sync{" "}
                  {progress.status === "succeeded" ? "finished" : `finished with errors (${progress.status})`}
                </span>
              ) : (
                `Syncing ${progress.trigger === "scheduled" ? "(scheduled)" : ""}…`
              )}
            </p>
            <p className="text-slate-600 tabular-nums">
              {progress.accounts.done} of {progress.accounts.total} accounts · {progress.users.toLocaleString("en-US")} users ·{" "}
              {progress.keys.toLocaleString("en-US")} keys
              {progress.accounts.failed ? ` · ${progress.accounts.failed} failed` : ""}
              {progress.throttles ? ` · ${progress.throttles.toLocaleString("en-US")} throttled calls retried` : ""}
            </p>
          </div>
          <div
            className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100"
            role="progressbar"
            aria-valuenow={pct}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-label="Accounts synced"
          >
            <div
              className={`h-full rounded-full transition-all ${progress.accounts.failed ? "bg-amber-500" : "bg-brand-600"}`}
              style={{ width: `${Math.max(pct, running ? 4 : 0)}%` }}
            />
          </div>
          <SyncAccounts progress={progress} />
          {progress.error ? <p className="mt-2 text-xs text-amber-800">{progress.error}</p> : null}
          {progress.errors.map((e) => (
            <p key={e.accountId} className="mt-2 text-xs text-red-700">
              {e.accountName} ({e.accountId}): {e.error}
            </p>
          ))}
        </div>
      ) : null}
      {!running && failing.length ? (
        <Alert
          tone="warning"
          title={`Last sync failed for ${failing.length} ${failing.length === 1 ? "account" : "accounts"}: their keys may be out of date`}
        >
          <ul className="space-y-0.5" data-testid="account-errors">
            {failing.map((a) => (
              <li key={a.accountId}>
                <span className="font-medium">{a.name}</span> ({a.accountId}): {a.error}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
    </section>
  );
}
