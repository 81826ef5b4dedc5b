"use client";

import { Trash2 } from "lucide-react";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";

export type Act = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;

/** Removes an account or a role mapping after the browser's confirm; the refusal shows beside it. */
export function DeleteButton({ id, action, label }: { id: string; action: Act; label: string }) {
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (!window.confirm(`${label}?`)) e.preventDefault();
      }}
      className="inline"
    >
      <input type="hidden" name="id" value={id} />
      <Button
        type="submit"
        variant="ghost"
        size="sm"
        disabled={pending}
        aria-label={label}
        title={result && !result.ok ? result.error : label}
      >
        <Trash2 className="size-3.5" aria-hidden />
      </Button>
      {result && !result.ok ? (
        <span className="ml-2 text-xs text-red-600" role="alert">
          {result.error}
        </span>
      ) : null}
    </form>
  );
}
