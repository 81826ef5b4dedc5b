"use client";

import { Check, ShieldAlert, X } from "lucide-react";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";
import type { DecisionView } from "@/lib/approvals/decision-view";

type Props = { id: string; view: DecisionView; action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult> };

/**
 * Approve or deny. A high-risk request says who approved so far and what it still needs, and
 * its Approve button waits until the approver has typed the name of what it grants.
 */
export function DecisionForm({ id, view, action }: Props) {
  const [result, formAction, pending] = useActionState(action, null);
  const [typed, setTyped] = useState("");
  if (result?.ok) return <FormStatus result={result} />;
  if (view.approvedByMe) {
    return (
      <p className="text-sm text-slate-600" data-testid={`approved-by-me-${id}`}>
        You approved this request. {view.explain} It waits for another approver.
      </p>
    );
  }
  const confirmed = !view.confirmText || typed.trim().toLowerCase() === view.confirmText.trim().toLowerCase();
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="id" value={id} />
      {view.careful ? (
        <div className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900" data-testid={`careful-${id}`}>
          <p className="flex items-center gap-1.5 font-medium">
            <ShieldAlert className="size-4" aria-hidden /> {view.explain}
          </p>
          <p className="mt-1 text-red-800">
            {view.approvals.length
              ? `Approved so far by ${view.approvals.map((a) => `${a.by}${a.asAdmin ? " (admin)" : ""}`).join(", ")}.`
              : "Nobody has approved it yet."}
          </p>
        </div>
      ) : null}
      <label className="block text-sm font-medium text-slate-800" htmlFor={`comment-${id}`}>
        Comment <span className="font-normal text-slate-500">(sent to the requester)</span>
      </label>
      <Textarea id={`comment-${id}`} name="comment" rows={2} maxLength={2000} placeholder="Optional" />
      {view.confirmText ? (
        <div>
          <label className="block text-sm font-medium text-slate-800" htmlFor={`confirm-${id}`}>
            To approve, type <span className="font-mono text-red-800">{view.confirmText}</span>
          </label>
          <Input
            id={`confirm-${id}`}
            name="confirm"
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            className="mt-1"
            maxLength={300}
          />
        </div>
      ) : null}
      <FormStatus result={result} />
      <div className="flex gap-2">
        <Button type="submit" name="decision" value="approve" disabled={pending || !confirmed}>
          <Check className="size-4" aria-hidden /> Approve
        </Button>
        <Button type="submit" name="decision" value="deny" variant="danger" disabled={pending}>
          <X className="size-4" aria-hidden /> Deny
        </Button>
      </div>
    </form>
  );
}
