"use client";

import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

/**
 * The end of a dialog whose form posts to a server action: the action's error, Cancel, and
 * the submit button that says it is working. (Dialogs that call the API share ApiDialogFooter.)
 */
export function FormDialogFooter({
  result,
  onCancel,
  pending,
  label,
  busyLabel,
  disabled = false,
  variant = "danger",
}: {
  result: ActionResult<unknown> | null;
  onCancel: () => void;
  pending: boolean;
  label: string;
  busyLabel?: string;
  disabled?: boolean;
  variant?: "danger" | "primary";
}) {
  return (
    <>
      <FormStatus result={result && !result.ok ? result : null} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant={variant} disabled={pending || disabled}>
          {pending && busyLabel ? busyLabel : label}
        </Button>
      </div>
    </>
  );
}
