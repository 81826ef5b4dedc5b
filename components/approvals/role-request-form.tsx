"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { ActionForm, SelectField, TextareaField } from "@/components/ui/form-fields";
import { FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

type RoleOption = { id: string; label: string };

const DURATIONS = [
  [3600, "1 hour"],
  [4 * 3600, "4 hours"],
  [8 * 3600, "8 hours"],
  [24 * 3600, "1 day"],
  [3 * 24 * 3600, "3 days"],
  [7 * 24 * 3600, "7 days"],
] as const;

export function RoleRequestForm({
  roles,
  defaultRoleId,
  maxSeconds,
  action,
}: {
  roles: RoleOption[];
  defaultRoleId?: string;
  maxSeconds: number;
  action: (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  const durations = DURATIONS.filter(([s]) => s <= maxSeconds);
  return (
    <ActionForm action={formAction} result={result} className="space-y-5">
      <SelectField
        label="Role"
        name="roleId"
        defaultValue={defaultRoleId ?? roles[0]?.id}
        required
        options={roles.map((r) => [r.id, r.label] as const)}
      />
      <SelectField
        label="For how long"
        name="durationSeconds"
        hint="Access ends on its own; nothing to remember."
        defaultValue={durations[0]?.[0]}
        options={durations}
      />
      <TextareaField
        label="Why do you need it?"
        name="justification"
        hint="Approvers see this. A ticket or incident link helps."
        rows={4}
        required
        minLength={10}
        maxLength={2000}
        placeholder="Deploying the fix for INC-1234 to production"
      />
      <FormStatus result={result && !result.ok ? result : null} />
      <Button type="submit" disabled={pending || roles.length === 0}>
        {pending ? "Sending…" : "Request access"}
      </Button>
    </ActionForm>
  );
}
