"use client";

import { Trash2 } from "lucide-react";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import type { ActionResult } from "@/lib/actions/result";

/** Deleting asks for the integration's name, typed out. */
export function DeleteIntegration({
  id,
  name,
  action,
}: {
  id: string;
  name: string;
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
}) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        <Trash2 className="size-4" aria-hidden /> Delete
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Delete ${name}?`}>
        <form action={formAction} className="space-y-4">
          <input type="hidden" name="id" value={id} />
          <p className="text-sm text-slate-600">
            Keyless stops rotating this key and forgets the integration and its rotation history (the audit log keeps every step). The IAM
            user, its keys and the target are left as they are.
          </p>
          <Field label={`Type “${name}” to confirm`} htmlFor="confirm-name">
            <Input id="confirm-name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          </Field>
          <FormDialogFooter
            result={result}
            onCancel={() => setOpen(false)}
            pending={pending}
            disabled={typed !== name}
            label="Delete integration"
          />
        </form>
      </Dialog>
    </>
  );
}
