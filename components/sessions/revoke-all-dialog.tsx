"use client";

import { ShieldOff } from "lucide-react";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import type { ActionResult } from "@/lib/actions/result";

/** "Revoke all my sessions", for a lost or stolen laptop: says what it does, then asks once more. */
export function RevokeAllDialog({
  action,
  counts,
}: {
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
  counts: { browser: number; cli: number; aws: number };
}) {
  const [open, setOpen] = useState(false);
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        <ShieldOff className="size-4" aria-hidden /> Revoke all my sessions
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Revoke all your sessions?">
        <form action={formAction} className="space-y-4">
          <p className="text-sm text-slate-600">For a lost or stolen laptop. At once, everywhere:</p>
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>
              you are signed out of every browser ({counts.browser} signed in), <strong>this one too</strong>;
            </li>
            <li>
              every CLI signed in as you ({counts.cli} active) must run <code className="font-mono text-xs">keyless login</code> again;
            </li>
            <li>
              the AWS credentials and console sessions Keyless issued you that are still alive ({counts.aws} live) stop working within a
              minute, on every role.
            </li>
          </ul>
          <p className="text-sm text-slate-600">Your access is not ended: sign in again right after to carry on.</p>
          <FormDialogFooter
            result={result}
            onCancel={() => setOpen(false)}
            pending={pending}
            label="Revoke everything and sign out"
            busyLabel="Revoking…"
          />
        </form>
      </Dialog>
    </>
  );
}
