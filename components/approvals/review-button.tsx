"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Textarea } from "@/components/ui/field";
import { ApiDialogFooter, useApiDialog } from "@/components/credentials/api-dialog";

/** Acknowledges a break-glass use with a comment (POST /api/v1/grants/{id}/review). */
export function ReviewButton({ grantId, who, role }: { grantId: string; who: string; role: string }) {
  const { open, setOpen, busy, error, submit } = useApiDialog();
  const [comment, setComment] = useState("");

  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)}>
        Review
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Review ${who}'s break-glass use of ${role}`}>
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            Check what was done with this access (CloudTrail, the incident) and say so. Your review is recorded in the audit log.
          </p>
          <Field label="Review comment" htmlFor={`review-${grantId}`} hint="Required: what you checked, and whether the use was justified.">
            <Textarea id={`review-${grantId}`} rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
          </Field>
          <ApiDialogFooter
            error={error}
            onCancel={() => setOpen(false)}
            onConfirm={() => void submit(`/api/v1/grants/${grantId}/review`, { comment })}
            disabled={comment.trim().length < 3}
            busy={busy}
            label="Acknowledge use"
            busyLabel="Saving…"
          />
        </div>
      </Dialog>
    </>
  );
}
