"use client";

import { useActionState, useEffect } from "react";
import { GroupChips } from "@/components/approvals/group-chips";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { fieldError, FormStatus } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/actions/result";

/** "global", "account:<12 digits>" or "role:<role id>", grouped by account for the picker. */
export type ScopeOption = { value: string; label: string; group: string };
export type RuleFormValues = { id: string; scope: string; kind: string; requesterGroups: string[]; approverGroups: string[] };
type Act = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;

export function RuleForm({
  action,
  scopes,
  suggestions,
  rule,
  onDone,
}: {
  action: Act;
  scopes: ScopeOption[];
  suggestions: string[];
  rule?: RuleFormValues;
  onDone?: () => void;
}) {
  // Each rule saved gets a fresh form (its chips start again), and an edit closes.
  const [state, formAction, pending] = useActionState(async (prev: { result: ActionResult; saved: number } | null, form: FormData) => {
    const result = await action(prev?.result ?? null, form);
    return { result, saved: (prev?.saved ?? 0) + (result.ok ? 1 : 0) };
  }, null);
  const result = state?.result ?? null;
  useEffect(() => {
    if (result?.ok) onDone?.();
  }, [result, onDone]);
  const groups = [...new Set(scopes.map((s) => s.group))];
  return (
    <form action={formAction} className="space-y-4" key={state?.saved ?? 0} aria-label={rule ? "Edit rule" : "New rule"}>
      {rule ? <input type="hidden" name="id" value={rule.id} /> : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <Field
          label="Applies to"
          htmlFor={`scope-${rule?.id ?? "new"}`}
          error={fieldError(result, "scope.roleId") ?? fieldError(result, "scope.accountId")}
        >
          <Select id={`scope-${rule?.id ?? "new"}`} name="scope" defaultValue={rule?.scope ?? "global"}>
            {groups.map((g) => (
              <optgroup key={g} label={g}>
                {scopes
                  .filter((s) => s.group === g)
                  .map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </Select>
        </Field>
        <Field label="Requests" htmlFor={`kind-${rule?.id ?? "new"}`} error={fieldError(result, "kind")}>
          <Select id={`kind-${rule?.id ?? "new"}`} name="kind" defaultValue={rule?.kind ?? ""}>
            <option value="">Every kind</option>
            <option value="ROLE_ACCESS">Role access</option>
            <option value="EXTERNAL_ACCESS">External service</option>
          </Select>
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <GroupChips
          name="requesterGroups"
          label="Who may request"
          initial={rule?.requesterGroups ?? ["*"]}
          suggestions={suggestions}
          anyone
          error={fieldError(result, "requesterGroups")}
        />
        <GroupChips
          name="approverGroups"
          label="Who approves"
          initial={rule?.approverGroups ?? []}
          suggestions={suggestions}
          error={fieldError(result, "approverGroups")}
        />
      </div>
      <FormStatus result={result} />
      <div className="flex justify-end gap-2">
        {rule && onDone ? (
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : rule ? "Save rule" : "Add rule"}
        </Button>
      </div>
    </form>
  );
}
