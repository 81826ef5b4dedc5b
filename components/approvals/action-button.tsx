"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

/** A one-button form for a server action on a record (cancel, revoke…), with a confirm. */
export function ActionButton({
  id,
  label,
  confirm,
  variant = "secondary",
  action,
  extra,
}: {
  id: string;
  label: string;
  confirm?: string;
  variant?: "secondary" | "danger";
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
  extra?: Record<string, string>;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
      className="space-y-2"
    >
      <input type="hidden" name="id" value={id} />
      {Object.entries(extra ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <Button type="submit" variant={variant} size="sm" disabled={pending}>
        {label}
      </Button>
      <FormStatus result={result} />
    </form>
  );
}
