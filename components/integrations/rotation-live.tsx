"use client";

import { useEffect, useState } from "react";
import { RotationStatusBadge } from "@/components/integrations/rotation-status";
import { StepList } from "@/components/integrations/step-list";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { stepRows, type StepEvent } from "@/lib/rotation/step-view";

type When = string | Date | null;
export type RotationData = {
  state: {
    id: string;
    status: string;
    step: string;
    trigger: string;
    requestedBy: string;
    oldAccessKeyId: string | null;
    newAccessKeyId: string | null;
    graceUntil: When;
    restarts: number;
    error: string | null;
    warning: string | null;
    startedAt: When;
    finishedAt: When;
  };
  steps: StepEvent[];
};

const time = (d: When) => (d ? new Date(d).toISOString().slice(11, 19) + " UTC" : "—");

/** Polls the rotation every second while it runs (every 5 s in the grace period), until it ends. */
export function RotationLive({ initial }: { initial: RotationData }) {
  const [data, setData] = useState(initial);
  const [stale, setStale] = useState(false);
  const { state } = data;
  const live = state.status === "running" || state.status === "waiting";

  useEffect(() => {
    if (!live) return;
    const poll = async () => {
      try {
        const res = await fetch(`/api/v1/rotations/${state.id}`, { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        setData((await res.json()) as RotationData);
        setStale(false);
      } catch {
        setStale(true);
        setData((d) => ({ ...d })); // a new object: the effect runs again and retries
      }
    };
    const timer = setTimeout(() => void poll(), state.status === "running" ? 1000 : 5000);
    return () => clearTimeout(timer);
  }, [data, live, state.id, state.status]);

  return (
    <div className="space-y-4">
      <Card className="flex flex-wrap items-center gap-x-6 gap-y-2 p-4 text-sm" data-testid="rotation-summary">
        <RotationStatusBadge status={state.status} warning={state.warning} />
        <span className="text-slate-600">
          {state.trigger} · by {state.requestedBy}
        </span>
        <span className="text-slate-600">
          started {time(state.startedAt)}
          {state.finishedAt ? ` · finished ${time(state.finishedAt)}` : ""}
        </span>
        <span className="font-mono text-xs text-slate-700">
          {state.oldAccessKeyId ?? "…"} → {state.newAccessKeyId ?? "…"}
        </span>
        {live ? <span className="ml-auto text-xs text-slate-500">{stale ? "reconnecting…" : "live"}</span> : null}
      </Card>
      {state.error ? (
        <Alert tone="error" title={state.status === "rolled_back" ? "Rolled back: the old key stays active" : "The rotation failed"}>
          {state.error}
        </Alert>
      ) : null}
      {state.warning ? (
        <Alert tone="warning" title="Needs attention">
          {state.warning}
        </Alert>
      ) : null}
      {state.status === "waiting" && state.graceUntil ? (
        <Alert tone="info" title="Grace period">
          The old key {state.oldAccessKeyId} is inactive. Keyless deletes it after {time(state.graceUntil)} if nothing used it meanwhile.
        </Alert>
      ) : null}
      {state.restarts ? (
        <p className="text-xs text-slate-500">Started over with a fresh key {state.restarts} time(s) after an interruption.</p>
      ) : null}
      <StepList rows={stepRows(data.steps, state)} />
    </div>
  );
}
