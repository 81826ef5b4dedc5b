"use client";

import { createContext, useActionState, useContext, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Textarea } from "@/components/ui/field";
import { fieldError, FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

type Act = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;

// The outcome of an admin's action on a person shows under the page header, not beside the
// buttons: the buttons sit in the header, and the one just used may be gone after the page
// refreshes (a suspended person is not offered Suspend).
const Outcome = createContext<{ outcome: ActionResult | null; report: (r: ActionResult) => void }>({
  outcome: null,
  report: () => undefined,
});

export function PersonActionsProvider({ children }: { children: React.ReactNode }) {
  const [outcome, report] = useState<ActionResult | null>(null);
  return <Outcome.Provider value={{ outcome, report }}>{children}</Outcome.Provider>;
}

/** Where the outcome of the last action shows (under the page header). */
export function PersonActionOutcome() {
  const { outcome } = useContext(Outcome);
  if (!outcome?.ok || !outcome.message) return null;
  return (
    <div className="mb-6">
      <FormStatus result={outcome} />
    </div>
  );
}

/** An admin's action on a person: a button that opens a dialog saying what will happen (and asking why). */
export function PersonActionDialog({
  personId,
  action,
  trigger,
  title,
  submit,
  reason,
  variant = "danger",
  children,
}: {
  personId: string;
  action: Act;
  trigger: React.ReactNode;
  title: string;
  submit: string;
  reason: "required" | "optional" | "none";
  variant?: "danger" | "secondary";
  children: React.ReactNode;
}) {
  const { report } = useContext(Outcome);
  const [open, setOpen] = useState(false);
  const [result, formAction, pending] = useActionState(async (prev: ActionResult | null, form: FormData) => {
    const r = await action(prev, form);
    if (r.ok) {
      setOpen(false);
      report(r);
    }
    return r;
  }, null);
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}>
        {trigger}
      </Button>
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
    </>
  );
}
