"use client";

import { Button, buttonClass } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

/**
 * The end of every create/edit form: the refusal (if any), then Cancel and the submit
 * button, which says "Saving…" while the action runs. Cancel is a link back, or closes
 * the dialog the form sits in.
 */
export function FormFooter({
  result,
  pending,
  submitLabel,
  cancel,
}: {
  result: ActionResult | null;
  pending: boolean;
  submitLabel: string;
  cancel: { href: string } | { onClick: () => void };
}) {
  return (
    <>
      <FormStatus result={result && !result.ok ? result : null} />
      <div className="flex justify-end gap-2">
        {"href" in cancel ? (
          <a href={cancel.href} className={buttonClass("secondary")}>
            Cancel
          </a>
        ) : (
          <Button variant="secondary" onClick={cancel.onClick}>
            Cancel
          </Button>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
      </div>
    </>
  );
}
