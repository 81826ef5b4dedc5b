"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Textarea } from "@/components/ui/field";
import { fieldError, FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

type Act = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;

/**
 * An admin's action on a person (Suspend, Revoke AWS sessions): a button that opens a
 * dialog saying what will happen and asking why. The outcome shows beside the button.
 */
export function PersonActionDialog({
  personId,
  action,
  trigger,
  title,
  submit,
  reasonRequired,
  variant = "danger",
  children,
}: {
  personId: string;
  action: Act;
  trigger: React.ReactNode;
  title: string;
  submit: string;
  reasonRequired: boolean;
  variant?: "danger" | "secondary";
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [result, formAction, pending] = useActionState(async (prev: ActionResult | null, form: FormData) => {
    const r = await action(prev, form);
    if (r.ok) setOpen(false);
    return r;
  }, null);
  return (
    <div className="space-y-2">
      <Button variant={variant} onClick={() => setOpen(true)}>
        {trigger}
      </Button>
      {result?.ok ? <FormStatus result={result} /> : null}
      <Dialog open={open} onClose={() => setOpen(false)} title={title}>
        <form action={formAction} className="space-y-4">
          <input type="hidden" name="id" value={personId} />
          <div className="space-y-2 text-sm text-slate-700">{children}</div>
          <Field
            label={reasonRequired ? "Reason" : "Reason (optional)"}
            htmlFor={`reason-${title}`}
            hint="Recorded in the audit log and shown on this page."
            error={fieldError(result, "reason")}
          >
            <Textarea
              id={`reason-${title}`}
              name="reason"
              rows={2}
              maxLength={500}
              required={reasonRequired}
              minLength={reasonRequired ? 3 : 0}
            />
          </Field>
          <FormStatus result={result && !result.ok ? result : null} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Working…" : submit}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
