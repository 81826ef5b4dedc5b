"use client";

import { Siren } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Textarea } from "@/components/ui/field";
import { ApiDialogFooter, useApiDialog } from "@/components/credentials/api-dialog";

const MIN = 20;

function length(seconds: number) {
  return seconds < 3600 || seconds % 3600 !== 0
    ? `${Math.round(seconds / 60)} minutes`
    : `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
}

/** "Break glass" on a role: says exactly what happens, asks why, then activates it at once. */
export function BreakGlassButton({ role }: { role: { id: string; roleName: string; accountName: string; breakGlassMaxSeconds: number } }) {
  const { open, setOpen, busy, error, submit } = useApiDialog();
  const [why, setWhy] = useState("");
  const short = why.trim().length < MIN;

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        <Siren className="size-4" aria-hidden /> Break glass
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Break-glass access to ${role.roleName}`}>
        <div className="space-y-4">
          <Alert tone="warning" title="For emergencies only">
            You get {role.roleName} in {role.accountName} right now, without approval, for {length(role.breakGlassMaxSeconds)}. Every
            approver of this role and every admin is told at once by Slack and email, and a manager or admin must review this use
            afterwards.
          </Alert>
          <Field
            label="What is the emergency?"
            htmlFor={`why-${role.id}`}
            hint={`At least ${MIN} characters. Reviewers read this; an incident link helps.`}
          >
            <Textarea
              id={`why-${role.id}`}
              rows={4}
              maxLength={2000}
              value={why}
              onChange={(e) => setWhy(e.target.value)}
              placeholder="INC-1234: checkout is down, rolling back the failed deploy"
            />
          </Field>
          <ApiDialogFooter
            error={error}
            onCancel={() => setOpen(false)}
            onConfirm={() => void submit(`/api/v1/aws-roles/${role.id}/break-glass`, { justification: why })}
            disabled={short}
            busy={busy}
            label="Activate break-glass access"
            busyLabel="Activating…"
            variant="danger"
          />
        </div>
      </Dialog>
    </>
  );
}
