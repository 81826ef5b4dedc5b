"use client";

import { ShieldCheck } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";

type Result = { ok: true; data?: { checked: number; firstBadId: string | null } } | { ok: false; error: string };

export function VerifyChain({ action }: { action: () => Promise<Result> }) {
  const [result, setResult] = useState<Result | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex items-center gap-3">
      <Button variant="secondary" disabled={pending} onClick={() => start(async () => setResult(await action()))}>
        <ShieldCheck className="size-4" aria-hidden /> {pending ? "Verifying…" : "Verify integrity"}
      </Button>
      {result ? (
        <span role="status" className={`text-sm ${result.ok && !result.data?.firstBadId ? "text-emerald-700" : "text-red-700"}`}>
          {!result.ok
            ? result.error
            : result.data?.firstBadId
              ? `Chain broken at entry ${result.data.firstBadId}`
              : `All ${result.data?.checked ?? 0} entries intact`}
        </span>
      ) : null}
    </div>
  );
}
