"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { fieldError, FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

type Act = (prev: ActionResult<unknown> | null, form: FormData) => Promise<ActionResult<unknown>>;

/** "Deactivate, then delete after N days": the admin reads the evidence and confirms in a dialog. */
export function RetireButton({
  action,
  accessKeyId,
  evidence,
  defaultDays,
}: {
  action: Act;
  accessKeyId: string;
  evidence: string;
  defaultDays: number;
}) {
  const [open, setOpen] = useState(false);
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <>
      <Button variant="danger" size="sm" onClick={() => setOpen(true)}>
        Retire…
      </Button>
      {result?.ok ? <FormStatus result={result} /> : null}
      <Dialog open={open && !result?.ok} onClose={() => setOpen(false)} title={`Retire ${accessKeyId}?`}>
        <form action={formAction} className="space-y-4">
          <input type="hidden" name="accessKeyId" value={accessKeyId} />
          <p className="text-sm text-slate-700">{evidence}.</p>
          <p className="text-sm text-slate-700">
            The key is deactivated in AWS now. Anything still using it will fail, and you can undo that until it is deleted. It is deleted
            after the days below, and only if it stays inactive and unused.
          </p>
          <Field label="Delete after (days)" htmlFor={`days-${accessKeyId}`} error={fieldError(result, "days")}>
            <Input
              id={`days-${accessKeyId}`}
              name="days"
              type="number"
              min={1}
              max={365}
              defaultValue={defaultDays}
              required
              className="w-28"
            />
          </Field>
          <FormDialogFooter
            result={result}
            onCancel={() => setOpen(false)}
            pending={pending}
            label="Deactivate now"
            busyLabel="Deactivating…"
          />
        </form>
      </Dialog>
    </>
  );
}

/** Undo while the key is only deactivated: reactivates it and cancels the deletion. */
export function UndoButton({ action, retirementId }: { action: Act; retirementId: string }) {
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="retirementId" value={retirementId} />
      <Button type="submit" variant="secondary" size="sm" disabled={pending}>
        {pending ? "Restoring…" : "Undo"}
      </Button>
      <FormStatus result={result} />
    </form>
  );
}
