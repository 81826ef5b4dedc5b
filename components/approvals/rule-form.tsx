"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

export function RuleForm({ action }: { action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult> }) {
  const [result, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3">
      <div className="grid gap-2 sm:grid-cols-[1fr_12rem_1fr_auto]">
        <Input name="requesterGroup" placeholder="Requester group, or *" aria-label="Requester group" required />
        <Select name="kind" aria-label="Kind of request" defaultValue="">
          <option value="">Any request</option>
          <option value="ROLE_ACCESS">Role access</option>
          <option value="EXTERNAL_ACCESS">External service</option>
        </Select>
        <Input name="approverGroups" placeholder="Approver groups (comma-separated)" aria-label="Approver groups" required />
        <Button type="submit" disabled={pending}>
          Add rule
        </Button>
      </div>
      <FormStatus result={result} />
    </form>
  );
}
