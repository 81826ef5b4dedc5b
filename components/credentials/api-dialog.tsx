"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiProblem, apiPost } from "@/components/credentials/api";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * A dialog whose button posts to the API: busy while it sends, the problem's detail on
 * failure, and on success the dialog closes and the page shows the new state.
 */
export function useApiDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(path: string, body: unknown): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await apiPost(path, body);
      setOpen(false);
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiProblem ? e.message : "Something went wrong.");
    } finally {
      setBusy(false);
    }
  }

  return { open, setOpen, busy, error, submit };
}

/** The end of such a dialog: the refusal (if any), Cancel, and the button that posts. */
export function ApiDialogFooter({
  error,
  onCancel,
  onConfirm,
  disabled,
  busy,
  label,
  busyLabel,
  variant,
}: {
  error: string | null;
  onCancel: () => void;
  onConfirm: () => void;
  disabled: boolean;
  busy: boolean;
  label: string;
  busyLabel: string;
  variant?: "danger";
}) {
  return (
    <>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant={variant} disabled={disabled || busy} onClick={onConfirm}>
          {busy ? busyLabel : label}
        </Button>
      </div>
    </>
  );
}
