"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select, Textarea } from "@/components/ui/field";
import { fieldError, FormStatus } from "@/components/ui/form-status";
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
    <form action={formAction} className="space-y-5">
      <Field label="Role" htmlFor="roleId" error={fieldError(result, "roleId")}>
        <Select id="roleId" name="roleId" defaultValue={defaultRoleId ?? roles[0]?.id} required>
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="For how long"
        htmlFor="durationSeconds"
        hint="Access ends on its own; nothing to remember."
        error={fieldError(result, "durationSeconds")}
      >
        <Select id="durationSeconds" name="durationSeconds" defaultValue={durations[0]?.[0]}>
          {durations.map(([s, l]) => (
            <option key={s} value={s}>
              {l}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        label="Why do you need it?"
        htmlFor="justification"
        hint="Approvers see this. A ticket or incident link helps."
        error={fieldError(result, "justification")}
      >
        <Textarea
          id="justification"
          name="justification"
          rows={4}
          required
          minLength={10}
          maxLength={2000}
          placeholder="Deploying the fix for INC-1234 to production"
        />
      </Field>
      <FormStatus result={result && !result.ok ? result : null} />
      <Button type="submit" disabled={pending || roles.length === 0}>
        {pending ? "Sending…" : "Request access"}
      </Button>
    </form>
  );
}
