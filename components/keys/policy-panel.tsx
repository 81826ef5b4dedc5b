"use client";

import { SlidersHorizontal } from "lucide-react";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { fieldError, FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";
import type { RotationPolicy } from "@/lib/inventory/policy";
import { describePolicy } from "@/lib/inventory/policy-text";

type Props = {
  policy: RotationPolicy;
  updatedBy: string | null;
  canEdit: boolean;
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
};

const FIELDS: { name: keyof RotationPolicy; label: string; hint: string }[] = [
  { name: "warnDays", label: "Warn from (days)", hint: "Keys this old are due for rotation." },
  { name: "rotateDays", label: "Rotate at (days)", hint: "Keys this old are overdue." },
  { name: "unusedDays", label: "Unused after (days without use)", hint: "A key not used for this long should be deleted." },
  { name: "neverUsedDays", label: "Never used after (days)", hint: "A key never used this long after creation, too." },
];

export function PolicyPanel({ policy, updatedBy, canEdit, action }: Props) {
  const [open, setOpen] = useState(false);
  const [result, formAction, pending] = useActionState(async (prev: ActionResult | null, form: FormData) => {
    const r = await action(prev, form);
    if (r.ok) setOpen(false);
    return r;
  }, null);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
      <p data-testid="policy-summary">
        <span className="font-medium text-slate-700">Rotation policy:</span> {describePolicy(policy)}
        {updatedBy ? ` (set by ${updatedBy})` : ""}
      </p>
      {canEdit ? (
        <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
          <SlidersHorizontal className="size-3.5" aria-hidden /> Edit policy
        </Button>
      ) : null}
      <Dialog open={open} onClose={() => setOpen(false)} title="Rotation policy">
        <form action={formAction} className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            {FIELDS.map((f) => (
              <Field key={f.name} label={f.label} htmlFor={`policy-${f.name}`} hint={f.hint} error={fieldError(result, f.name)}>
                <Input id={`policy-${f.name}`} name={f.name} type="number" min={1} max={3650} required defaultValue={policy[f.name]} />
              </Field>
            ))}
          </div>
          <p className="text-xs text-slate-500">
            States change everywhere at once: the table, the counts, the API and the export all read this policy.
          </p>
          <FormStatus result={result && !result.ok ? result : null} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save policy"}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
