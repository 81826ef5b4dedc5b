"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Textarea } from "@/components/ui/field";
import { fieldError, FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

type Act = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;

/**
 * An admin's action on a person (Suspend, Reactivate, Revoke AWS sessions): a button that
 * opens a dialog saying what will happen (and asking why). The outcome shows under the
 * button, and stays when the action is no longer offered (a suspended person is not
 * suspended twice), which is why `offered` hides the button instead of unmounting this.
 */
export function PersonActionDialog({
  personId,
  action,
  trigger,
  title,
  submit,
  reason,
  offered = true,
  variant = "danger",
  children,
}: {
  personId: string;
  action: Act;
  trigger: React.ReactNode;
  title: string;
  submit: string;
  reason: "required" | "optional" | "none";
  offered?: boolean;
  variant?: "danger" | "secondary";
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [result, formAction, pending] = useActionState(async (prev: ActionResult | null, form: FormData) => {
    const r = await action(prev, form);
    if (r.ok) setOpen(false);
    return r;
  }, null);
  if (!offered && !result?.ok) return null;
  return (
    <div className="max-w-sm space-y-2">
      {offered ? (
        <Button variant={variant} onClick={() => setOpen(true)}>
          {trigger}
        </Button>
      ) : null}
      {result?.ok ? <FormStatus result={result} /> : null}
      <Dialog open={open} onClose={() => setOpen(false)} title={title}>
        <form action={formAction} className="space-y-4">
          <input type="hidden" name="id" value={personId} />
          <div className="space-y-2 text-sm text-slate-700">{children}</div>
          {reason !== "none" ? (
            <Field
              label={reason === "required" ? "Reason" : "Reason (optional)"}
              htmlFor={`reason-${submit}`}
              hint="Recorded in the audit log and shown on this page."
              error={fieldError(result, "reason")}
            >
              <Textarea
                id={`reason-${submit}`}
                name="reason"
                rows={2}
                maxLength={500}
                required={reason === "required"}
                minLength={reason === "required" ? 3 : 0}
              />
            </Field>
          ) : null}
          <FormStatus result={result && !result.ok ? result : null} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant={variant === "danger" ? "danger" : "primary"} disabled={pending}>
              {pending ? "Working…" : submit}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
