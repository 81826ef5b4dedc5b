"use client";

import { Check, X } from "lucide-react";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

export function DecisionForm({ id, action }: { id: string; action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult> }) {
  const [result, formAction, pending] = useActionState(action, null);
  if (result?.ok) return <FormStatus result={result} />;
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="id" value={id} />
      <label className="block text-sm font-medium text-slate-800" htmlFor={`comment-${id}`}>
        Comment <span className="font-normal text-slate-500">(sent to the requester)</span>
      </label>
      <Textarea id={`comment-${id}`} name="comment" rows={2} maxLength={2000} placeholder="Optional" />
      <FormStatus result={result} />
      <div className="flex gap-2">
        <Button type="submit" name="decision" value="approve" disabled={pending}>
          <Check className="size-4" aria-hidden /> Approve
        </Button>
        <Button type="submit" name="decision" value="deny" variant="danger" disabled={pending}>
          <X className="size-4" aria-hidden /> Deny
        </Button>
      </div>
    </form>
  );
}
